package vcryaml

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The flow and block scalars of the reader: double-quoted, single-quoted and literal.

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
