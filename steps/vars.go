package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// A variable is a remembered value in the two forms steps substitute: raw (paths, queries,
// expected strings) and JSON-safe (doc strings and JSON literals, where a string's characters
// must be escaped to stay inside its quotes).
type variable struct {
	raw  string
	json string
}

// textVariable is a string value: its JSON-safe form is escaped for use between quotes.
func textVariable(s string) variable { return variable{raw: s, json: jsonEscape(s)} }

// literalVariable is a value used as it is in both forms (an id, a JSON document).
func literalVariable(s string) variable { return variable{raw: s, json: s} }

// jsonEscape returns s as the characters of a JSON string, without the quotes.
func jsonEscape(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	out := strings.TrimSuffix(b.String(), "\n")
	return out[1 : len(out)-1]
}

var (
	varRef  = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)\}`)
	varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// substitute replaces every {name} in s with form(value). An unknown variable is an error that
// names it and the variables the scenario has.
func (w *World) substitute(s string, form func(variable) string) (string, error) {
	var missing []string
	out := varRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[1 : len(ref)-1]
		v, ok := w.vars[name]
		if !ok {
			missing = append(missing, name)
			return ref
		}
		return form(v)
	})
	if len(missing) > 0 {
		known := make([]string, 0, len(w.vars))
		for k := range w.vars {
			known = append(known, "{"+k+"}")
		}
		sort.Strings(known)
		have := "none"
		if len(known) > 0 {
			have = strings.Join(known, ", ")
		}
		return "", fmt.Errorf("unknown variable {%s} (the scenario has remembered: %s)", missing[0], have)
	}
	return out, nil
}

// substituteURI substitutes variables into a request target: escaped as a path segment before
// the "?", and as a query value after it, so that a remembered page token or alias holding
// characters such as '+', '=' or '/' reaches the server as it was received.
func (w *World) substituteURI(s string) (string, error) {
	path, query, hasQuery := strings.Cut(s, "?")
	out, err := w.substitute(path, pathForm)
	if err != nil || !hasQuery {
		return out, err
	}
	q, err := w.substitute(query, queryForm)
	if err != nil {
		return "", err
	}
	return out + "?" + q, nil
}

func pathForm(v variable) string  { return url.PathEscape(v.raw) }
func queryForm(v variable) string { return url.QueryEscape(v.raw) }

func rawForm(v variable) string  { return v.raw }
func jsonForm(v variable) string { return v.json }

// quoteForm inserts a value into a regular expression as literal text.
func quoteForm(v variable) string { return regexp.QuoteMeta(v.raw) }

func (w *World) set(name string, v variable) error {
	if !varName.MatchString(name) {
		return fmt.Errorf("%q is not a variable name (letters, digits and _, not starting with a digit)", name)
	}
	w.vars[name] = v
	return nil
}

// maxGenerated bounds a generated value: the largest documented limit is a few thousand
// characters, so anything near this is a typo in a feature.
const maxGenerated = 8 << 20

// repetitions: Given "title" is 3000 repetitions of "é".
func (w *World) repetitions(ctx context.Context, name string, n int, text string) error {
	if err := w.begin(); err != nil {
		return err
	}
	if n < 0 || n*len(text) > maxGenerated {
		return fmt.Errorf("%d repetitions of %q would be larger than %d bytes", n, text, maxGenerated)
	}
	return w.set(name, textVariable(strings.Repeat(text, n)))
}

// copies: Given "materials" is a JSON array of 21 copies of: <doc string>.
func (w *World) copies(ctx context.Context, name string, n int, doc *godog.DocString) error {
	if err := w.begin(); err != nil {
		return err
	}
	src, err := w.substitute(doc.Content, jsonForm)
	if err != nil {
		return err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(src)); err != nil {
		return fmt.Errorf("the document to copy is not JSON: %w", err)
	}
	if n < 0 || n*(compact.Len()+1) > maxGenerated {
		return fmt.Errorf("%d copies would be larger than %d bytes", n, maxGenerated)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = compact.String()
	}
	return w.set(name, literalVariable("["+strings.Join(parts, ",")+"]"))
}

// remember: When I remember the response field "id" as "courseWorkId".
func (w *World) remember(ctx context.Context, path, name string) error {
	if err := w.begin(); err != nil {
		return err
	}
	res, err := w.field(path)
	if err != nil {
		return err
	}
	if !res.Exists() {
		return w.failf("cannot remember the response field %q as %q: the field is absent", path, name)
	}
	v := literalVariable(res.Raw)
	if res.Type == gjson.String {
		v = textVariable(res.Str)
	}
	return w.set(name, v)
}
