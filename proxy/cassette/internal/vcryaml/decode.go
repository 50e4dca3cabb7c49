package vcryaml

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// ErrUnsupported is Decode's answer to a document outside the subset it reads; the caller then
// decodes it with yaml.v3.
var ErrUnsupported = errors.New("outside the fast reader's subset")

// Document is the on-disk layout of a go-vcr v3 cassette.
type Document struct {
	Version      int                `yaml:"version"`
	Interactions []*vcr.Interaction `yaml:"interactions"`
}

type line struct {
	text   string // without the line break, indentation included
	indent int
	num    int
}

func (l line) rest() string { return l.text[l.indent:] }

type reader struct {
	data string
	off  int
	num  int

	// The line peek found last: it starts at peekOff and the next one at peekEnd.
	peekOff, peekEnd int
	peekLine         line
	peekOK           bool
	peekErr          error

	// each, when set, takes every interaction as it is read instead of the document.
	each func(*vcr.Interaction, Span) error
	// answerOnly skips the requests of interactions (DecodeAnswer).
	answerOnly bool
}

func unsupported(l line, why string) error {
	return fmt.Errorf("line %d: %s: %w", l.num, why, ErrUnsupported)
}

// raw returns the next line as it is, blank or not.
func (r *reader) raw() (line, bool) {
	if r.off >= len(r.data) {
		return line{}, false
	}
	end := strings.IndexByte(r.data[r.off:], '\n')
	var text string
	if end < 0 {
		text = r.data[r.off:]
		r.off = len(r.data)
	} else {
		text = r.data[r.off : r.off+end]
		r.off += end + 1
	}
	r.num++
	n := 0
	for n < len(text) && text[n] == ' ' {
		n++
	}
	return line{text: text, indent: n, num: r.num}, true
}

// peek returns the next line that is not blank, without consuming it (blank lines before it
// are consumed).
func (r *reader) peek() (line, bool, error) {
	if r.peekOff == r.off {
		return r.peekLine, r.peekOK, r.peekErr
	}
	for {
		off, num := r.off, r.num
		l, ok := r.raw()
		if !ok {
			r.off, r.num = off, num
			return line{}, false, nil
		}
		if l.indent == len(l.text) {
			continue
		}
		r.peekOff, r.peekEnd, r.peekLine, r.peekOK, r.peekErr = off, r.off, l, true, nil
		r.off, r.num = off, num
		if strings.IndexByte(l.text, '\t') >= 0 || l.text[l.indent] == '#' {
			r.peekErr = unsupported(l, "tab or comment")
		}
		return l, true, r.peekErr
	}
}

// next consumes the line peek returned.
func (r *reader) next() line {
	if _, ok, _ := r.peek(); ok { // callers peek first; this only guards the invariant
		r.off, r.num = r.peekEnd, r.peekLine.num
	}
	return r.peekLine
}

// Decode reads a whole cassette document, or fails with ErrUnsupported when it is outside the
// subset this reader takes. The strings of the result share data's memory: data must not be
// modified afterwards.
func Decode(data []byte) (*Document, error) {
	return decode(data, nil)
}

func decode(data []byte, each func(*vcr.Interaction, Span) error) (*Document, error) {
	if len(data) == 0 || data[len(data)-1] != '\n' || !plainText(data) {
		return nil, ErrUnsupported
	}
	r := &reader{data: shared(data), peekOff: -1, each: each}
	if l, ok, err := r.peek(); err != nil {
		return nil, err
	} else if ok && l.text == "---" {
		r.next()
	}
	doc := &Document{}
	err := r.mapping(0, nil, func(k string, l line, v string) error {
		switch k {
		case "version":
			n, err := r.integer(l, v)
			doc.Version = int(n)
			return err
		case "interactions":
			return r.interactions(l, v, doc)
		}
		return unsupported(l, "unknown key "+strconv.Quote(k))
	})
	if err != nil {
		return nil, err
	}
	if l, ok, err := r.peek(); err != nil || ok {
		return nil, unsupported(l, "unexpected content")
	}
	return doc, nil
}

// plainText reports whether data holds only characters this reader takes as they are: YAML's
// printable ones, line feeds and tabs, without carriage returns or the characters some readers
// treat as line breaks.
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < 0x80 {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 || !printable(r) {
			return false
		}
		i += size
	}
	return true
}

// mapping reads the "key: value" lines of a block mapping whose keys are at column indent. If
// first is not nil, the first key is on that line at that column (after "- "). For each key, f
// gets the key's line and the text after the colon; f reads any nested block itself.
func (r *reader) mapping(indent int, first *line, f func(k string, l line, v string) error) error {
	var seen []string
	for {
		var l line
		if first != nil {
			l, first = *first, nil
		} else {
			pl, ok, err := r.peek()
			if err != nil {
				return err
			}
			if !ok || pl.indent < indent {
				return nil
			}
			if pl.indent > indent {
				return unsupported(pl, "unexpected indentation")
			}
			l = r.next()
		}
		text := l.text[indent:]
		var k, v string
		var err error
		if strings.HasPrefix(text, "? ") {
			k, v, l, err = r.explicitKey(l, text[2:], indent)
		} else {
			k, v, err = mapKey(l, text)
		}
		if err != nil {
			return err
		}
		for _, s := range seen {
			if s == k {
				return unsupported(l, "duplicate key")
			}
		}
		seen = append(seen, k)
		if err := f(k, line{text: l.text, indent: indent, num: l.num}, v); err != nil {
			return err
		}
	}
}

// explicitKey reads a "? key" line and the ": value" line after it, the form keys longer than
// YAML's 1024-character limit for "key: value" take. It returns the line of the value.
func (r *reader) explicitKey(l line, text string, indent int) (string, string, line, error) {
	k, rest, err := "", "", error(nil)
	switch {
	case strings.HasPrefix(text, `"`):
		k, rest, err = parseDoubleQuoted(l, text)
	case plainSafe(text) && !strings.ContainsAny(text, ":#"):
		k = text
	default:
		err = unsupported(l, "explicit key")
	}
	if err != nil {
		return "", "", l, err
	}
	if rest != "" {
		return "", "", l, unsupported(l, "text after an explicit key")
	}
	vl, ok, err := r.peek()
	if err != nil {
		return "", "", l, err
	}
	if !ok || vl.indent != indent || !strings.HasPrefix(vl.rest(), ":") || len(vl.rest()) > 1 && vl.rest()[1] != ' ' {
		return "", "", l, unsupported(l, "explicit key without a value")
	}
	r.next()
	return k, strings.TrimLeft(vl.rest()[1:], " "), vl, nil
}

// mapKey splits "key: value" (or "key:") into the key and the value text.
func mapKey(l line, text string) (string, string, error) {
	if text == "" {
		return "", "", unsupported(l, "empty line")
	}
	if text[0] == '"' {
		s, rest, err := parseDoubleQuoted(l, text)
		if err != nil {
			return "", "", err
		}
		if !strings.HasPrefix(rest, ":") || len(rest) > 1 && rest[1] != ' ' {
			return "", "", unsupported(l, "bad quoted key")
		}
		return s, strings.TrimLeft(rest[1:], " "), nil
	}
	if strings.IndexByte(`-?:,[]{}#&*!|>'%@`+"`", text[0]) >= 0 {
		return "", "", unsupported(l, "indicator at the start of a key")
	}
	i := strings.Index(text, ": ")
	if i < 0 {
		if !strings.HasSuffix(text, ":") {
			return "", "", unsupported(l, "not a mapping entry")
		}
		i = len(text) - 1
	}
	k := text[:i]
	if strings.TrimRight(k, " ") != k || strings.Contains(k, " #") || strings.Contains(k, ":") || resolvesToNonString(k) {
		return "", "", unsupported(l, "unusual key")
	}
	return k, strings.TrimLeft(text[i+1:], " "), nil
}

// scalar decodes the string value v of the key on line l; blockOK allows a literal block.
// It reports a null (absent or "~"/"null" plain value) separately.
func (r *reader) scalar(l line, v string, blockOK bool) (string, bool, error) {
	if v == "" {
		if pl, ok, err := r.peek(); err != nil {
			return "", false, err
		} else if ok && (pl.indent > l.indent || pl.indent == l.indent && strings.HasPrefix(pl.rest(), "- ")) {
			return "", false, unsupported(pl, "block value where a string is expected")
		}
		return "", true, nil
	}
	binary := false
	if strings.HasPrefix(v, "!!binary ") {
		binary = true
		v = strings.TrimLeft(v[len("!!binary "):], " ")
	}
	var s string
	switch v[0] {
	case '"':
		q, rest, err := parseDoubleQuoted(l, v)
		if err != nil {
			return "", false, err
		}
		if rest != "" {
			return "", false, unsupported(l, "text after a quoted string")
		}
		s = q
	case '\'':
		q, err := parseSingleQuoted(l, v)
		if err != nil {
			return "", false, err
		}
		s = q
	case '|':
		if !blockOK {
			return "", false, unsupported(l, "literal block in a sequence")
		}
		q, err := r.literal(l, v)
		if err != nil {
			return "", false, err
		}
		s = q
	default:
		if strings.IndexByte(`-?:,[]{}#&*!>%@`+"`", v[0]) >= 0 && !(v[0] == '-' && len(v) > 1 && v[1] != ' ') {
			return "", false, unsupported(l, "indicator at the start of a value")
		}
		if strings.Contains(v, " #") || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") || strings.HasSuffix(v, " ") {
			return "", false, unsupported(l, "comment or mapping in a plain value")
		}
		if pl, ok, err := r.peek(); err != nil {
			return "", false, err
		} else if ok && pl.indent > l.indent {
			return "", false, unsupported(pl, "multi-line plain scalar")
		}
		if !binary {
			switch v {
			case "~", "null", "Null", "NULL":
				return "", true, nil
			}
		}
		s = v
	}
	if binary {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return "", false, unsupported(l, "bad base64")
		}
		s = string(b)
	}
	return s, false, nil
}
