package redact

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tidwall/gjson"
)

// A jsonPath is a parsed Options.JSONPaths entry.
type jsonPath struct {
	anyDepth bool     // the path started with ".."
	segments []string // "*" matches any key
}

func parseJSONPath(p string) (jsonPath, error) {
	raw := p
	var jp jsonPath
	p = strings.TrimPrefix(p, "$")
	if strings.HasPrefix(p, "..") {
		jp.anyDepth = true
		p = p[2:]
	} else {
		p = strings.TrimPrefix(p, ".")
	}
	if p == "" {
		return jsonPath{}, fmt.Errorf("redact JSON path %q: empty", raw)
	}
	for _, s := range strings.Split(p, ".") {
		if s == "" {
			return jsonPath{}, fmt.Errorf("redact JSON path %q: empty segment", raw)
		}
		jp.segments = append(jp.segments, s)
	}
	return jp, nil
}

// matches reports whether the keys leading to a value (array indexes left out) select it.
func (jp jsonPath) matches(keys []string) bool {
	if jp.anyDepth {
		if len(keys) < len(jp.segments) {
			return false
		}
		keys = keys[len(keys)-len(jp.segments):]
	} else if len(keys) != len(jp.segments) {
		return false
	}
	for i, s := range jp.segments {
		if s != "*" && s != keys[i] {
			return false
		}
	}
	return true
}

// span is a byte range of a JSON document whose value is replaced.
type span struct{ start, end int }

// jsonBody replaces the values of credential fields in a JSON document, leaving every other
// byte in place. A document that is not valid JSON is left to the text scrubber.
func (r *Redactor) jsonBody(body string) string {
	if len(r.paths) == 0 && !r.mayHoldField(body) {
		return body
	}
	lead := len(body) - len(strings.TrimLeft(body, " \t\r\n"))
	doc := strings.TrimRight(body[lead:], " \t\r\n")
	if !gjson.Valid(doc) {
		return body
	}
	root := gjson.Result{Type: gjson.JSON, Raw: doc}
	var spans []span
	r.walk(root, nil, &spans)
	if len(spans) == 0 {
		return body
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	b.Grow(len(body))
	b.WriteString(body[:lead])
	pos := 0
	for _, s := range spans {
		if s.start < pos { // nested inside a span already replaced
			continue
		}
		b.WriteString(doc[pos:s.start])
		b.WriteString(`"` + Placeholder + `"`)
		pos = s.end
	}
	b.WriteString(doc[pos:])
	b.WriteString(body[lead+len(doc):])
	return b.String()
}

// mayHoldField is a cheap test that lets bodies without any credential field name skip parsing:
// every built-in field name contains one of fieldStems.
func (r *Redactor) mayHoldField(body string) bool {
	for _, stem := range fieldStems {
		if strings.Contains(body, stem) {
			return true
		}
	}
	return false
}

// fieldStems are substrings of the names in builtinFields, one in each (a test keeps them in
// step), that start with a byte rare in JSON and English, for the speed of strings.Contains.
var fieldStems = []string{"_token", "Token", "_secret", "Secret", "_key", "Key", "password", "_assertion", "_verifier"}

func (r *Redactor) walk(v gjson.Result, keys []string, spans *[]span) {
	switch {
	case v.IsObject():
		v.ForEach(func(k, val gjson.Result) bool {
			path := append(keys[:len(keys):len(keys)], k.Str)
			if r.redactsField(path, val) {
				*spans = append(*spans, span{val.Index, val.Index + len(val.Raw)})
				return true
			}
			if val.IsObject() || val.IsArray() {
				r.walk(val, path, spans)
			}
			return true
		})
	case v.IsArray():
		v.ForEach(func(_, val gjson.Result) bool {
			if val.IsObject() || val.IsArray() {
				r.walk(val, keys, spans)
			}
			return true
		})
	}
}

func (r *Redactor) redactsField(path []string, val gjson.Result) bool {
	if val.Type == gjson.Null || (val.Type == gjson.String && (val.Str == "" || val.Str == Placeholder)) {
		return false
	}
	if r.fields[path[len(path)-1]] {
		return true
	}
	for _, jp := range r.paths {
		if jp.matches(path) {
			return true
		}
	}
	return false
}
