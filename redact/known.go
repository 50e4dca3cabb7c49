package redact

import (
	"sort"
	"strings"
)

// Known masks secrets whose values are known (the tokens of a profile) in text meant for a
// person: failure messages, logs, reports. It replaces a secret only where it stands as a whole
// token, so that a profile token as short as "t" or "a" masks that token and never the letters of
// "GET http://..." around it.
//
// The zero value masks nothing. A Known is immutable and safe for concurrent use.
type Known struct {
	secrets []string // longest first, so a secret that contains another is masked whole
}

// NewKnown returns a Known masking every non-empty secret.
func NewKnown(secrets ...string) Known {
	var k Known
	for _, s := range secrets {
		if s != "" {
			k.secrets = append(k.secrets, s)
		}
	}
	sort.SliceStable(k.secrets, func(i, j int) bool { return len(k.secrets[i]) > len(k.secrets[j]) })
	return k
}

// Mask replaces every whole-token occurrence of a known secret in s with Placeholder. An
// occurrence is whole when the characters on either side of it cannot continue a token: a
// secret that starts (ends) with a letter, a digit, '-' or '_' is masked only where the
// character before (after) it is none of those. Every other byte of s is left as it is.
func (k Known) Mask(s string) string {
	for _, sec := range k.secrets {
		s = maskWhole(s, sec)
	}
	return s
}

func maskWhole(s, secret string) string {
	if !strings.Contains(s, secret) {
		return s
	}
	var b strings.Builder
	pos := 0
	for from := 0; ; {
		i := strings.Index(s[from:], secret)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(secret)
		if wholeAt(s, start, end, secret) {
			b.WriteString(s[pos:start])
			b.WriteString(Placeholder)
			pos = end
			from = end
		} else {
			from = start + 1
		}
	}
	if pos == 0 {
		return s
	}
	b.WriteString(s[pos:])
	return b.String()
}

// wholeAt reports whether s[start:end], an occurrence of secret, is not part of a longer token.
func wholeAt(s string, start, end int, secret string) bool {
	if start > 0 && tokenByte(secret[0]) && tokenByte(s[start-1]) {
		return false
	}
	if end < len(s) && tokenByte(secret[len(secret)-1]) && tokenByte(s[end]) {
		return false
	}
	return true
}

// tokenByte reports whether c can continue a token: a letter, a digit, '-' or '_' (what bearer
// tokens, API keys and identifiers are made of; '.' and '/' separate words of a URL and a
// sentence, so a token next to them is still masked).
func tokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}
