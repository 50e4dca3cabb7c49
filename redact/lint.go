package redact

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// A Finding is one line of a cassette that holds something that looks like a credential.
type Finding struct {
	File string // as given to Lint, or the path found by LintPaths
	Line int    // 1-based
	Rule string // what was found, e.g. "google-access-token", "unredacted-header"
	// Excerpt shows the start of the value and its length, never the whole credential, so lint
	// output can go to a CI log.
	Excerpt string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.File, f.Line, f.Rule, f.Excerpt)
}

// fieldRule finds a credential field with a non-empty value in JSON (plain, or escaped inside a
// double-quoted YAML string) and in form or query syntax. The query parameters Google accepts
// credentials in count whatever their value looks like: access_token and oauth_token anywhere a
// form field can be, key (a common word) only in a query, after '?' or '&'.
var fieldRule = regexp.MustCompile(`(?:\\?"(` + strings.Join(builtinFields, "|") + `)\\?"\s*:\s*\\?"([^"\\]*)` +
	`|(?:^|[?&\s'"])(` + strings.Join(append(append([]string{}, builtinFields...), "oauth_token"), "|") + `)=([^&#\s"'\\]*)` +
	`|[?&](key)=([^&#\s"'\\]*))`)

// headerLine is a YAML mapping key naming a header, as go-vcr writes headers.
var headerLine = regexp.MustCompile(`^(\s*)"?([A-Za-z0-9-]+)"?:\s*$`)

// Lint reads a cassette (or any text) and returns every line that holds a credential: a value
// shaped like a Google token, key or JWT, a credential field with a value other than Placeholder,
// or a credential header (Authorization, Cookie, ...) whose value is not redacted. name is used
// in the findings.
func Lint(r io.Reader, name string) ([]Finding, error) {
	pats := patterns()
	headers := map[string]bool{}
	for _, h := range builtinHeaders {
		headers[strings.ToLower(h)] = true
	}
	var out []Finding
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 256*1024*1024)
	inHeader := -1 // indentation of the credential header key being read, or -1
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if inHeader >= 0 {
			trimmed := strings.TrimSpace(line)
			if indent > inHeader && strings.HasPrefix(trimmed, "- ") || trimmed == "-" {
				if v := unquote(strings.TrimSpace(strings.TrimPrefix(trimmed, "-"))); !isRedactedValue(v) {
					out = append(out, Finding{name, n, "unredacted-header", mask(v)})
				}
				continue
			}
			inHeader = -1
		}
		if m := headerLine.FindStringSubmatch(line); m != nil && headers[strings.ToLower(m[2])] {
			inHeader = len(m[1])
			continue
		}
		for _, p := range pats {
			if !p.hinted(line) {
				continue
			}
			for _, m := range p.re.FindAllString(line, -1) {
				out = append(out, Finding{name, n, p.rule, mask(m)})
			}
		}
		if mayHoldFieldText(line) {
			for _, m := range fieldRule.FindAllStringSubmatch(line, -1) {
				field, value := m[1], m[2]
				if field == "" {
					field, value = m[3], m[4]
				}
				if field == "" {
					field, value = m[5], m[6]
				}
				if value != "" && value != Placeholder && !shapedLikeCredential(pats, value) {
					out = append(out, Finding{name, n, "credential-field", field + ": " + mask(value)})
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("lint %s: %w", name, err)
	}
	return out, nil
}

// shapedLikeCredential reports whether a pattern rule already reports value.
func shapedLikeCredential(pats []pattern, value string) bool {
	for _, p := range pats {
		if p.hinted(value) && p.re.MatchString(value) {
			return true
		}
	}
	return false
}

func mayHoldFieldText(line string) bool {
	for _, f := range builtinFields {
		if strings.Contains(line, f) {
			return true
		}
	}
	return strings.Contains(line, "oauth_token") || strings.Contains(line, "key=")
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		return v[1 : len(v)-1]
	}
	return v
}

func isRedactedValue(v string) bool {
	return v == "" || redactCredential(v) == v
}

// mask shows enough of a secret to find it, and not enough to use it.
func mask(s string) string {
	// Enough of the start to tell a kind of token ("ya29.a", "eyJhbG"), never more than a
	// quarter of the value: a short key is not half given away in a CI log.
	show := min(6, len(s)/4)
	if show < 2 {
		return strings.Repeat("*", len(s))
	}
	return fmt.Sprintf("%s... (%d chars)", s[:show], len(s))
}

// LintFile lints one file.
func LintFile(path string) ([]Finding, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	defer f.Close()
	return Lint(f, path)
}

// LintPaths lints files and, for each directory, every .yaml and .yml file under it (the
// extension in any case: LEAK.YAML is a cassette too). It returns the findings in path order and
// the number of files checked.
func LintPaths(paths ...string) ([]Finding, int, error) {
	files, err := CassetteFiles(paths...)
	if err != nil {
		return nil, 0, fmt.Errorf("lint: %w", err)
	}
	var out []Finding
	for _, f := range files {
		fs, err := LintFile(f)
		if err != nil {
			return out, len(files), err
		}
		out = append(out, fs...)
	}
	return out, len(files), nil
}

// isCassetteName reports whether a file found in a directory is linted: YAML by its extension,
// in any case.
func isCassetteName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}
