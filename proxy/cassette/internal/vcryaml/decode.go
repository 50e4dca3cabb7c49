package vcryaml

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

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

// A Span is where one interaction is in a document: bytes [Start, End), which hold whole lines
// starting at line Line, with the "- " of the sequence at column Indent.
type Span struct {
	Start, End, Line, Indent int
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

// skipBlock consumes the lines indented deeper than indent (and blank lines), whatever they
// hold: the nested block of a key whose value is not wanted.
func (r *reader) skipBlock(indent int) {
	for {
		off, num := r.off, r.num
		l, ok := r.raw()
		if !ok {
			return
		}
		if l.indent == len(l.text) {
			continue
		}
		if l.indent <= indent {
			r.off, r.num = off, num
			return
		}
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

// DecodeEach reads a cassette document like Decode, but hands each interaction to each as soon
// as it is read, with its Span, instead of keeping it: a caller can hold a large cassette as its
// text and what it needs to find an interaction again (see DecodeEntry). The interactions share
// data's memory, which must not be modified afterwards. It returns the document's version.
func DecodeEach(data []byte, each func(*vcr.Interaction, Span) error) (int, error) {
	if each == nil {
		return 0, errors.New("vcryaml: DecodeEach needs a function")
	}
	doc, err := decode(data, each)
	if err != nil {
		return 0, err
	}
	return doc.Version, nil
}

// DecodeEntry reads again the interaction DecodeEach found at sp in data.
func DecodeEntry(data []byte, sp Span) (*vcr.Interaction, error) {
	return decodeEntry(data, sp, false)
}

// DecodeAnswer is DecodeEntry without the request: the interaction has its ID and Response
// only, which is what replaying it needs, for about half the work.
func DecodeAnswer(data []byte, sp Span) (*vcr.Interaction, error) {
	return decodeEntry(data, sp, true)
}

func decodeEntry(data []byte, sp Span, answerOnly bool) (*vcr.Interaction, error) {
	if sp.Start < 0 || sp.End > len(data) || sp.Start > sp.End {
		return nil, fmt.Errorf("span %d-%d outside a document of %d bytes", sp.Start, sp.End, len(data))
	}
	r := &reader{data: shared(data[:sp.End]), off: sp.Start, num: sp.Line - 1, peekOff: -1, answerOnly: answerOnly}
	pl, ok, err := r.peek()
	if err != nil {
		return nil, err
	}
	if !ok || pl.indent != sp.Indent || !strings.HasPrefix(pl.rest(), "- ") {
		return nil, unsupported(pl, "interaction")
	}
	i, err := r.entry(sp.Indent)
	if err != nil {
		return nil, err
	}
	if l, ok, _ := r.peek(); ok {
		return nil, unsupported(l, "unexpected content")
	}
	return i, nil
}

// shared is data as a string without copying it; the caller keeps data unchanged.
func shared(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(data), len(data))
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

func parseDoubleQuoted(l line, v string) (string, string, error) {
	// Most strings have no escape: slice them out of the Document.
	end := strings.IndexAny(v[1:], `"\\`)
	if end >= 0 && v[1+end] == '"' {
		return v[1 : 1+end], strings.TrimLeft(v[2+end:], " "), nil
	}
	var b strings.Builder
	b.Grow(len(v))
	for i := 1; i < len(v); i++ {
		c := v[i]
		switch c {
		case '"':
			return b.String(), strings.TrimLeft(v[i+1:], " "), nil
		case '\\':
			i++
			if i >= len(v) {
				return "", "", unsupported(l, "escaped line break")
			}
			switch v[i] {
			case '0':
				b.WriteByte(0)
			case 'a':
				b.WriteByte(7)
			case 'b':
				b.WriteByte(8)
			case 't', '\t':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			case 'v':
				b.WriteByte(11)
			case 'f':
				b.WriteByte(12)
			case 'r':
				b.WriteByte('\r')
			case 'e':
				b.WriteByte(0x1b)
			case ' ':
				b.WriteByte(' ')
			case '"':
				b.WriteByte('"')
			case '/':
				b.WriteByte('/')
			case '\\':
				b.WriteByte('\\')
			case 'N':
				b.WriteRune(0x85)
			case '_':
				b.WriteRune(0xa0)
			case 'L':
				b.WriteRune(0x2028)
			case 'P':
				b.WriteRune(0x2029)
			case 'x', 'u', 'U':
				n := 2
				if v[i] == 'u' {
					n = 4
				} else if v[i] == 'U' {
					n = 8
				}
				if i+n >= len(v) {
					return "", "", unsupported(l, "short escape")
				}
				code, err := strconv.ParseUint(v[i+1:i+1+n], 16, 32)
				if err != nil {
					return "", "", unsupported(l, "bad escape")
				}
				r := rune(code)
				if r > utf8.MaxRune || r >= 0xd800 && r <= 0xdfff {
					return "", "", unsupported(l, "bad escape")
				}
				b.WriteRune(r)
				i += n
			default:
				return "", "", unsupported(l, "unknown escape")
			}
		default:
			// Copy the run up to the next quote or escape at once.
			n := strings.IndexAny(v[i:], `"\\`)
			if n < 0 {
				n = len(v) - i
			}
			b.WriteString(v[i : i+n])
			i += n - 1
		}
	}
	return "", "", unsupported(l, "multi-line double-quoted string")
}

func parseSingleQuoted(l line, v string) (string, error) {
	if end := strings.IndexByte(v[1:], '\''); end >= 0 && (2+end == len(v) || v[2+end] != '\'') {
		if strings.TrimLeft(v[2+end:], " ") != "" {
			return "", unsupported(l, "text after a quoted string")
		}
		return v[1 : 1+end], nil
	}
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		if v[i] != '\'' {
			b.WriteByte(v[i])
			continue
		}
		if i+1 < len(v) && v[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		if strings.TrimLeft(v[i+1:], " ") != "" {
			return "", unsupported(l, "text after a quoted string")
		}
		return b.String(), nil
	}
	return "", unsupported(l, "multi-line single-quoted string")
}

// literal reads a literal block scalar whose header ("|", "|-", "|4+", ...) is v.
func (r *reader) literal(l line, v string) (string, error) {
	chomp, explicit := byte(0), 0
	for _, c := range []byte(v[1:]) {
		switch {
		case (c == '-' || c == '+') && chomp == 0:
			chomp = c
		case c >= '1' && c <= '9' && explicit == 0:
			explicit = int(c - '0')
		default:
			return "", unsupported(l, "block scalar header")
		}
	}
	parent := l.indent
	content := -1
	if explicit > 0 {
		content = parent + explicit
	}
	var lines []string
	maxLeadingBlank := 0
	for {
		off, num := r.off, r.num
		nl, ok := r.raw()
		if !ok {
			break
		}
		blank := nl.indent == len(nl.text)
		if content < 0 && !blank {
			if nl.indent <= parent {
				r.off, r.num = off, num
				break
			}
			content = nl.indent
			if maxLeadingBlank > content {
				return "", unsupported(nl, "leading blank line longer than the indentation")
			}
		}
		switch {
		case blank && (content < 0 || nl.indent <= content):
			if content < 0 && nl.indent > maxLeadingBlank {
				maxLeadingBlank = nl.indent
			}
			lines = append(lines, "")
			continue
		case nl.indent >= content:
			if strings.ContainsRune(nl.text, '\r') {
				return "", unsupported(nl, "carriage return")
			}
			lines = append(lines, nl.text[content:])
			continue
		}
		r.off, r.num = off, num
		break
	}
	last := len(lines) - 1
	for last >= 0 && lines[last] == "" {
		last--
	}
	trailing := len(lines) - 1 - last
	text := strings.Join(lines[:last+1], "\n")
	switch chomp {
	case '-':
		return text, nil
	case '+':
		if last < 0 {
			return strings.Repeat("\n", trailing), nil
		}
		return text + "\n" + strings.Repeat("\n", trailing), nil
	}
	if last < 0 {
		return "", nil
	}
	return text + "\n", nil
}
