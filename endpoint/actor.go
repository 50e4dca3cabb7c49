package endpoint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Labeller returns the function that labels the caller of a request for a recording: the name of
// the actor whose bearer token it carries (tokens maps actor to token, as a profile does), and
// for any other caller its TokenLabel. A recorder stores the label instead of the token, so a
// cassette says who called without holding a credential, and a recording made with real tokens
// replays with others. The suite and the proxy label requests with it, so their cassettes agree.
//
// Two actors sharing a token could not be told apart in a recording, so that is an error.
func Labeller(tokens map[string]string) (func(*http.Request) string, error) {
	byToken := make(map[string]string, len(tokens))
	names := make([]string, 0, len(tokens))
	for name := range tokens {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		tok := tokens[name]
		if tok == "" {
			continue
		}
		if other, dup := byToken[tok]; dup {
			return nil, fmt.Errorf("actors %q and %q have the same token: a recording could not tell them apart", other, name)
		}
		byToken[tok] = name
	}
	return func(r *http.Request) string {
		if tok, ok := bearerToken(r); ok {
			if name, ok := byToken[tok]; ok {
				return name
			}
		}
		return TokenLabel(r)
	}, nil
}

// TokenLabel labels the caller of a request by its credentials without revealing them:
// "token-" and the first 12 hexadecimal digits of the SHA-256 of the OAuth token (from the
// Authorization header, or the access_token or oauth_token parameter), "key-" and the same for
// an API key alone, and Anonymous for a request without either. The same token always gets the
// same label, so callers no profile names can be told apart; the label cannot be turned back
// into the token.
func TokenLabel(r *http.Request) string {
	if tok, ok := bearerToken(r); ok {
		return "token-" + digest(tok)
	}
	if k := r.Header.Get("X-Goog-Api-Key"); k != "" {
		return "key-" + digest(k)
	}
	if r.URL == nil {
		return Anonymous
	}
	if k := r.URL.Query().Get("key"); k != "" {
		return "key-" + digest(k)
	}
	return Anonymous
}

// bearerToken returns the OAuth token a request carries in its Authorization header (the whole
// value when its scheme is not Bearer), or in the access_token or oauth_token parameter.
func bearerToken(r *http.Request) (string, bool) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, cred, ok := strings.Cut(auth, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(cred), true
		}
		return auth, true
	}
	if r.URL == nil {
		return "", false
	}
	q := r.URL.Query()
	for _, p := range []string{"access_token", "oauth_token"} {
		if v := q.Get(p); v != "" {
			return v, true
		}
	}
	return "", false
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
