package redact

import (
	"regexp"
	"strings"
)

// A pattern is one kind of credential recognisable by its shape alone, wherever it appears: in a
// header, a query, a body, or a cassette line. The same patterns scrub recordings and lint them,
// so what the linter flags is exactly what redaction would have removed.
type pattern struct {
	rule string
	// hints are literals one of which every match contains; a text without any is skipped
	// without running the regular expression, which keeps redaction cheap on the request path.
	// Each starts with a byte that is rare in JSON and English text, as strings.Contains is
	// fast when the first byte of what it looks for is rare.
	hints []string
	re    *regexp.Regexp
	// keep is the length of the prefix of a match left in place ("Bearer " of a bearer token),
	// so a redacted value still shows what kind of credential it was.
	keep func(match string) int
}

func noPrefix(string) int { return 0 }

// schemePrefix keeps an authorization scheme and the spaces after it.
func schemePrefix(m string) int {
	i := strings.IndexAny(m, " \t")
	for i >= 0 && i < len(m) && (m[i] == ' ' || m[i] == '\t') {
		i++
	}
	if i < 0 {
		return 0
	}
	return i
}

// patterns are Google's credential formats and the generic shapes of bearer credentials:
//   - OAuth 2.0 access tokens start with "ya29.";
//   - OAuth 2.0 refresh tokens start with "1//0" (followed by letters, digits, '-' and '_');
//   - API keys are "AIza" followed by 35 characters;
//   - ID tokens and other JWTs are three base64url segments, the first two starting with "eyJ";
//   - any "Bearer" or "Basic" credential long enough to be real;
//   - PEM private keys (service account key files).
func patterns() []pattern {
	return []pattern{
		{"google-access-token", []string{"ya29."}, regexp.MustCompile(`ya29\.[0-9A-Za-z_\-.~+/]{8,}=*`), noPrefix},
		{"google-refresh-token", []string{"//0"}, regexp.MustCompile(`1//0[0-9A-Za-z_\-]{16,}`), noPrefix},
		{"google-api-key", []string{"AIza"}, regexp.MustCompile(`AIza[0-9A-Za-z_\-]{35}`), noPrefix},
		{"jwt", []string{"yJ"}, regexp.MustCompile(`eyJ[0-9A-Za-z_\-]{8,}\.eyJ[0-9A-Za-z_\-]{8,}\.[0-9A-Za-z_\-]*`), noPrefix},
		{"bearer-credential", []string{"Bearer", "bearer"}, regexp.MustCompile(`[Bb]earer[ \t]+[0-9A-Za-z_\-.~+/]{16,}=*`), schemePrefix},
		{"basic-credential", []string{"Basic", "basic"}, regexp.MustCompile(`[Bb]asic[ \t]+[0-9A-Za-z+/]{16,}=*`), schemePrefix},
		{"private-key", []string{"PRIVATE KEY"}, regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)`), noPrefix},
	}
}

// minCredential is the length of the shortest text a pattern matches ("ya29." and 8 more).
const minCredential = 13

// scrub replaces every credential-shaped substring of s with Placeholder and reports whether it
// changed anything.
func scrub(pats []pattern, s string) (string, bool) {
	if len(s) < minCredential {
		return s, false
	}
	changed := false
	for i := range pats {
		p := &pats[i]
		if !p.hinted(s) {
			continue
		}
		out := p.re.ReplaceAllStringFunc(s, func(m string) string {
			return m[:p.keep(m)] + Placeholder
		})
		if out != s {
			s, changed = out, true
		}
	}
	return s, changed
}

// hinted reports whether s contains one of the pattern's hints.
func (p *pattern) hinted(s string) bool {
	for _, h := range p.hints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}
