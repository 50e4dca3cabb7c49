package proxy

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
)

// Anonymous is the label of a request that carries no credentials.
const Anonymous = "anonymous"

// TokenLabel labels the caller of a request by its credentials without revealing them:
// "token-" and the first 12 hexadecimal digits of the SHA-256 of the OAuth token (from the
// Authorization header, or the access_token or oauth_token parameter), "key-" and the same for
// an API key alone, and Anonymous for a request without either. The same token always gets the
// same label, so a standalone proxy can tell callers apart without a profile naming them; the
// label cannot be turned back into the token.
func TokenLabel(r *http.Request) string {
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, cred, ok := strings.Cut(auth, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return "token-" + digest(strings.TrimSpace(cred))
		}
		return "token-" + digest(auth)
	}
	q := r.URL.Query()
	for _, p := range []string{"access_token", "oauth_token"} {
		if v := q.Get(p); v != "" {
			return "token-" + digest(v)
		}
	}
	if k := r.Header.Get("X-Goog-Api-Key"); k != "" {
		return "key-" + digest(k)
	}
	if k := q.Get("key"); k != "" {
		return "key-" + digest(k)
	}
	return Anonymous
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
