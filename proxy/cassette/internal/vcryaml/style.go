package vcryaml

import (
	"bufio"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// How a string is written: the style whose meaning is unambiguous, and the checks behind it.

// asciiStyle picks the style of a string of printable ASCII (with tabs and line feeds) in one
// pass, the common case of headers, URLs and JSON; it reports false for any other string, which
// scalar then examines rune by rune. The choices are those of scalar.
func asciiStyle(s string, blockOK bool) (int, bool) {
	if s == "" {
		return styleDouble, true
	}
	if c := s[0]; (c == '{' || c == '[' || c == '"' || c == '\'') && printableASCII(s) {
		// A JSON body on one line: never plain, so only its characters matter.
		if s[len(s)-1] != ' ' {
			return styleSingle, true
		}
		return styleDouble, true
	}
	var nl, tab, lineStartsWithTab, colonSpace, spaceHash bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			if c == ':' && i+1 < len(s) && s[i+1] == ' ' {
				colonSpace = true
			} else if c == '#' && i > 0 && s[i-1] == ' ' {
				spaceHash = true
			}
		case c == '\n':
			nl = true
			if i+1 < len(s) && s[i+1] == '\t' {
				lineStartsWithTab = true
			}
		case c == '\t':
			tab = true
		default:
			return 0, false // control characters, DEL, non-ASCII
		}
	}
	if nl {
		if blockOK && s[0] != '\t' && !lineStartsWithTab {
			return styleLiteral, true
		}
		return styleDouble, true
	}
	first, last := s[0], s[len(s)-1]
	plainStart := first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' || first >= '0' && first <= '9' ||
		first == '/' || first == '_' || first == '(' || first == '$'
	if plainStart && !tab && !colonSpace && !spaceHash && last != ' ' && last != ':' && !resolvesToNonString(s) {
		return stylePlain, true
	}
	if first != ' ' && last != ' ' && !tab {
		return styleSingle, true
	}
	return styleDouble, true
}

// printableASCII reports whether every byte of s is in 0x20-0x7e, eight bytes at a time.
func printableASCII(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		// No byte has its high bit set, none is 0x7f (adding 1 would set it), and none is
		// below 0x20 (subtracting 0x20 would borrow into its high bit).
		if w&highs != 0 || (w+ones)&highs != 0 || (w-0x20*ones)&^w&highs != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// literal writes s as a literal block scalar ("|"), which keeps every character as is.
func literal(b *bufio.Writer, indent int, s string) {
	trailing := len(s) - len(strings.TrimRight(s, "\n"))
	text := s[:len(s)-trailing]
	b.WriteByte('|')
	if s[0] == ' ' || s[0] == '\n' {
		// The indentation of the content cannot be detected from a first line that starts
		// with a space or is empty: state it.
		b.WriteByte('0' + indentStep)
	}
	switch {
	case trailing == 0:
		b.WriteByte('-') // strip: no final line break
	case trailing == 1 && text != "":
		// clip: exactly one final line break
	default:
		b.WriteByte('+') // keep: every final line break
	}
	b.WriteByte('\n')
	for _, line := range strings.Split(text, "\n") {
		if line != "" {
			writeIndent(b, indent+indentStep)
			b.WriteString(line)
		}
		b.WriteByte('\n')
	}
	for n := 1; n < trailing; n++ {
		b.WriteByte('\n')
	}
}

// blockSafe reports whether every character of s may appear as is in a literal block: no line
// starts with a tab, and all are YAML's printable characters, without carriage returns (a line break a reader would normalise) and
// without the characters some readers treat as line breaks or byte order marks.
func blockSafe(s string) bool {
	if s[0] == '\t' || strings.Contains(s, "\n\t") {
		return false // yaml.v3 takes a tab at the start of a line for bad indentation
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if !printable(r) {
			return false
		}
	}
	return true
}

// printable is YAML's c-printable, less the characters YAML 1.1 readers treat as line breaks
// (U+0085, U+2028, U+2029) and the byte order mark.
func printable(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return true
	case r < 0xa0:
		return false
	case r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff:
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	}
	return r <= 0x10ffff
}

// plainSafe reports whether s can be written unquoted and still read back as the same string:
// it does not start with an indicator, holds no ": " or " #", has no surrounding spaces, and
// does not look like a null, a boolean, a number or a timestamp.
func plainSafe(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '(' || c == '$' || c >= 0x80) {
		return false
	}
	last := s[len(s)-1]
	if last == ' ' || last == ':' {
		return false
	}
	for i, r := range s {
		if r == '\t' || !printable(r) {
			return false
		}
		switch r {
		case ':':
			if i+1 < len(s) && s[i+1] == ' ' {
				return false
			}
		case '#':
			if i > 0 && s[i-1] == ' ' {
				return false
			}
		}
	}
	return !resolvesToNonString(s)
}

// resolvesToNonString reports whether a YAML reader would take plain s for something other than
// a string: a null, a boolean (YAML 1.1 included), a number (YAML 1.1 included) or a timestamp.
func resolvesToNonString(s string) bool {
	if len(s) <= 5 {
		switch strings.ToLower(s) {
		case "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan":
			return true
		}
	}
	c := s[0]
	if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.') {
		return false
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseFloat(plain, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return true
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return true
	}
	if looksLikeTimestamp(s) || strings.Contains(s, ":") && sexagesimal(plain) {
		return true
	}
	return false
}

// looksLikeTimestamp matches the start of the timestamps YAML resolves: YYYY-M-D.
func looksLikeTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i >= len(s) || s[i] != '-' {
		return false
	}
	if _, err := time.Parse("2006-1-2", strings.SplitN(strings.SplitN(s, "T", 2)[0], " ", 2)[0]); err == nil {
		return true
	}
	return strings.Count(s, "-") >= 2
}

// sexagesimal matches YAML 1.1 base-60 numbers such as 1:20 or 190:20:30.15.
func sexagesimal(s string) bool {
	s = strings.TrimLeft(s, "+-")
	for _, part := range strings.Split(s, ":") {
		if part == "" {
			return false
		}
		for j := 0; j < len(part); j++ {
			if !(part[j] >= '0' && part[j] <= '9' || part[j] == '.') {
				return false
			}
		}
	}
	return true
}

// singleQuoteSafe reports whether s reads back unchanged between single quotes: one line of
// printable characters, without spaces at either end (which some readers fold).
func singleQuoteSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x20 && c <= 0x7e {
			continue
		}
		for _, r := range s[i:] {
			if !printable(r) {
				return false
			}
		}
		return true
	}
	return true
}

// doubleQuoted writes s between double quotes, escaping what YAML requires and every character
// that is not printable, so the value fits on one line.
func doubleQuoted(b *bufio.Writer, s string) {
	const hex = "0123456789ABCDEF"
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			switch {
			case r < 0x20 || r == 0x7f:
				b.WriteString(`\x`)
				b.WriteByte(hex[r>>4])
				b.WriteByte(hex[r&0xf])
			case !printable(r) && r <= 0xffff:
				b.WriteString(`\u`)
				for shift := 12; shift >= 0; shift -= 4 {
					b.WriteByte(hex[(r>>shift)&0xf])
				}
			case !printable(r):
				b.WriteString(`\U`)
				for shift := 28; shift >= 0; shift -= 4 {
					b.WriteByte(hex[(r>>shift)&0xf])
				}
			default:
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
