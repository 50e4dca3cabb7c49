package discovery

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The body of a request or an answer is checked in one pass over its bytes, against the schema,
// without decoding it into values: --validate sits on the path of every request a proxy serves,
// and decoding a 1 KB answer into maps costs several times more than reading it once.

// body checks a JSON body against s. It reports false, with a "not JSON" finding in place of
// any other, when the body is not one JSON value.
func (ck *checker) body(s *Schema, body []byte) bool {
	sc := scanner{ck: ck, data: body}
	mark := len(ck.out)
	sc.ws()
	ok := sc.value(s)
	if ok {
		sc.ws()
		ok = sc.i == len(sc.data)
	}
	if !ok {
		ck.out = ck.out[:mark]
		ck.add("$", notJSON(body))
	}
	return ok
}

// notJSON says why a body is not one JSON value, in encoding/json's words.
func notJSON(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	var v any
	if err := dec.Decode(&v); err != nil {
		return "not JSON: " + err.Error()
	}
	if dec.More() {
		return "not JSON: more than one value"
	}
	return "not JSON"
}

type pathElem struct {
	key   []byte // property name, or nil for an array index
	index int
}

type scanner struct {
	ck   *checker
	data []byte
	i    int
	path []pathElem
}

func (sc *scanner) add(problem string) {
	var b strings.Builder
	b.WriteByte('$')
	for _, e := range sc.path {
		if e.key != nil {
			b.WriteByte('.')
			b.Write(e.key)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
		}
	}
	sc.ck.add(b.String(), problem)
}

func (sc *scanner) ws() {
	for sc.i < len(sc.data) {
		switch sc.data[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// want names what a schema expects, for a finding about a value of another JSON type.
func want(s *Schema) string {
	switch s.Type {
	case "object":
		if s.ID != "" {
			return "an object (" + s.ID + ")"
		}
		return "an object"
	case "array":
		return "an array"
	case "string":
		if s.Format == "int64" || s.Format == "uint64" {
			return "a string (" + s.Format + " values are JSON strings)"
		}
		return "a string"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "a boolean"
	}
	return s.Type
}

// value reads one value at sc.i and checks it against s; a nil s (or type any) checks nothing.
// It reports false on a syntax error.
func (sc *scanner) value(s *Schema) bool {
	if s != nil && s.Ref != "" {
		r := sc.ck.d.Resolve(s)
		if r == nil {
			sc.add(fmt.Sprintf("schema %s is not in the discovery document", s.Ref))
		}
		s = r
	}
	if s != nil {
		switch s.Type {
		case "any", "":
			s = nil
		case "object", "array", "string", "integer", "number", "boolean":
		default:
			sc.add("schema type " + s.Type + " is not known to the validator")
			s = nil
		}
	}
	if sc.i >= len(sc.data) {
		return false
	}
	switch c := sc.data[sc.i]; {
	case c == '{':
		if s != nil && s.Type != "object" {
			sc.mismatch(s, "an object")
			s = nil
		}
		return sc.object(s)
	case c == '[':
		if s != nil && s.Type != "array" {
			sc.mismatch(s, "an array")
			s = nil
		}
		return sc.array(s)
	case c == '"':
		raw, esc, ok := sc.str()
		if !ok {
			return false
		}
		if s == nil {
			return true
		}
		if s.Type != "string" {
			sc.mismatch(s, "a string")
			return true
		}
		if s.Format == "" && len(s.Enum) == 0 {
			return true
		}
		if !esc && s.Format == "" && inEnum(s.Enum, raw) {
			return true
		}
		v := string(raw)
		if esc {
			if json.Unmarshal(sc.data[sc.i-len(raw)-2:sc.i], &v) != nil {
				return false
			}
		}
		if p := strProblem(s, v); p != "" {
			sc.add(p)
		}
		return true
	case c == '-' || (c >= '0' && c <= '9'):
		lit, ok := sc.number()
		if !ok {
			return false
		}
		switch {
		case s == nil, s.Type == "number":
		case s.Type == "integer":
			if p := intProblem(s, string(lit)); p != "" {
				sc.add(p)
			}
		default:
			sc.mismatch(s, "a number")
		}
		return true
	case c == 't' || c == 'f':
		if !sc.literal("true") && !sc.literal("false") {
			return false
		}
		if s != nil && s.Type != "boolean" {
			sc.mismatch(s, "a boolean")
		}
		return true
	case c == 'n':
		if !sc.literal("null") {
			return false
		}
		if s != nil && sc.ck.dir == Response {
			sc.add("null (Google leaves unset fields out)")
		}
		return true
	}
	return false
}

func (sc *scanner) mismatch(s *Schema, got string) {
	if s != nil {
		sc.add("is " + got + ", want " + want(s))
	}
}

func inEnum(enum []string, v []byte) bool {
	for _, e := range enum {
		if string(v) == e {
			return true
		}
	}
	return false
}

func (sc *scanner) literal(lit string) bool {
	if bytes.HasPrefix(sc.data[sc.i:], []byte(lit)) {
		sc.i += len(lit)
		return true
	}
	return false
}

func (sc *scanner) object(s *Schema) bool {
	sc.i++ // {
	sc.ws()
	if sc.i < len(sc.data) && sc.data[sc.i] == '}' {
		sc.i++
		return true
	}
	for {
		if sc.i >= len(sc.data) || sc.data[sc.i] != '"' {
			return false
		}
		key, esc, ok := sc.str()
		if !ok {
			return false
		}
		if esc {
			var k string
			if json.Unmarshal(sc.data[sc.i-len(key)-2:sc.i], &k) != nil {
				return false
			}
			key = []byte(k)
		}
		sc.ws()
		if sc.i >= len(sc.data) || sc.data[sc.i] != ':' {
			return false
		}
		sc.i++
		sc.ws()
		sc.path = append(sc.path, pathElem{key: key})
		var prop *Schema
		if s != nil {
			prop = s.Properties[string(key)]
			if prop == nil && sc.ck.protoNames && bytes.IndexByte(key, '_') >= 0 {
				prop = s.Properties[Camel(string(key))]
			}
			if prop == nil {
				prop = s.AdditionalProperties
			}
			if prop == nil {
				sc.add("unknown field of " + schemaName(s))
			}
		}
		if !sc.value(prop) {
			return false
		}
		sc.path = sc.path[:len(sc.path)-1]
		if more, ok := sc.next('}'); !more {
			return ok
		}
	}
}

// next reads what follows a member of an object or an element of an array: a comma (more to
// come), or the closing character (done, ok). Anything else, or the end, is not JSON.
func (sc *scanner) next(closing byte) (more, ok bool) {
	sc.ws()
	if sc.i >= len(sc.data) {
		return false, false
	}
	switch sc.data[sc.i] {
	case ',':
		sc.i++
		sc.ws()
		return true, true
	case closing:
		sc.i++
		return false, true
	}
	return false, false
}

func (sc *scanner) array(s *Schema) bool {
	sc.i++ // [
	sc.ws()
	if sc.i < len(sc.data) && sc.data[sc.i] == ']' {
		sc.i++
		return true
	}
	var items *Schema
	if s != nil {
		items = s.Items
	}
	for n := 0; ; n++ {
		sc.path = append(sc.path, pathElem{index: n})
		if !sc.value(items) {
			return false
		}
		sc.path = sc.path[:len(sc.path)-1]
		if more, ok := sc.next(']'); !more {
			return ok
		}
	}
}

// str reads a string at sc.i and returns its raw content, between the quotes, and whether it
// holds escapes.
func (sc *scanner) str() (raw []byte, escaped, ok bool) {
	start := sc.i + 1
	for j := start; j < len(sc.data); j++ {
		c := sc.data[j]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue // the common byte, first
		}
		switch {
		case c == '"':
			sc.i = j + 1
			return sc.data[start:j], escaped, true
		case c == '\\':
			escaped = true
			j++
			if j >= len(sc.data) {
				return nil, false, false
			}
			switch sc.data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(sc.data) {
					return nil, false, false
				}
				for _, h := range sc.data[j+1 : j+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return nil, false, false
					}
				}
				j += 4
			default:
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		}
	}
	return nil, false, false
}

// number reads a number at sc.i, as JSON's grammar has it.
func (sc *scanner) number() ([]byte, bool) {
	start, j := sc.i, sc.i
	d := sc.data
	if j < len(d) && d[j] == '-' {
		j++
	}
	digits := func() bool {
		k := j
		for j < len(d) && d[j] >= '0' && d[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(d) && d[j] == '0' {
		j++
	} else if !digits() {
		return nil, false
	}
	if j < len(d) && d[j] == '.' {
		j++
		if !digits() {
			return nil, false
		}
	}
	if j < len(d) && (d[j] == 'e' || d[j] == 'E') {
		j++
		if j < len(d) && (d[j] == '+' || d[j] == '-') {
			j++
		}
		if !digits() {
			return nil, false
		}
	}
	sc.i = j
	return d[start:j], true
}
