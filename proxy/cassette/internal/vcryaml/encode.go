package vcryaml

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// The cassette is written by a purpose-built emitter rather than yaml.Marshal, which spends
// 160 to 560 us and 90 KB on an interaction (this one: 5 us, 0.5 KB), enough to cost a
// recording proxy a fifth of its throughput and half again on its median latency. The output
// has the layout yaml.v3 gives go-vcr's Cassette type (same keys, order and indentation), so
// go-vcr reads it, and a diff between a cassette saved here and one saved by go-vcr shows only
// differences of quoting. Strings use a style whose meaning is unambiguous: plain only when it
// cannot be read as anything but the same string, a literal block for multi-line text that
// contains only printable characters, double quotes with escapes otherwise, and !!binary for
// bytes that are not UTF-8. A fuzz test checks that yaml.v3 reads back every string unchanged.

const indentStep = 4

// EntryIndent is the column of the "- " of each interaction in a document this package writes.
const EntryIndent = indentStep

// maxImplicitKey is the longest key written as "key: value"; YAML's limit is 1024 characters.
const maxImplicitKey = 1000

// EncodeCassette writes a complete cassette document.
func EncodeCassette(b *bufio.Writer, interactions []*vcr.Interaction) {
	DocumentHeader(b, len(interactions))
	for _, i := range interactions {
		EncodeInteraction(b, i)
	}
}

// DocumentHeader writes what comes before the n interactions of a cassette Document.
func DocumentHeader(b *bufio.Writer, n int) {
	b.WriteString("---\nversion: 2\n")
	if n == 0 {
		b.WriteString("interactions: []\n")
		return
	}
	b.WriteString("interactions:\n")
}

// EncodeInteraction appends one element of the interactions sequence.
func EncodeInteraction(b *bufio.Writer, i *vcr.Interaction) {
	const item = indentStep // column of "- "
	const ind = item + 2    // keys of the interaction
	const sub = ind + 2     // keys of request and response
	b.WriteString("    - id: ")
	b.WriteString(strconv.Itoa(i.ID))
	b.WriteByte('\n')

	q := &i.Request
	key(b, ind, "request")
	b.WriteByte('\n')
	str(b, sub, "proto", q.Proto)
	integer(b, sub, "proto_major", int64(q.ProtoMajor))
	integer(b, sub, "proto_minor", int64(q.ProtoMinor))
	integer(b, sub, "content_length", q.ContentLength)
	list(b, sub, "transfer_encoding", q.TransferEncoding)
	header(b, sub, "trailer", q.Trailer)
	str(b, sub, "host", q.Host)
	str(b, sub, "remote_addr", q.RemoteAddr)
	str(b, sub, "request_uri", q.RequestURI)
	str(b, sub, "body", q.Body)
	header(b, sub, "form", http.Header(q.Form))
	header(b, sub, "headers", q.Headers)
	str(b, sub, "url", q.URL)
	str(b, sub, "method", q.Method)

	s := &i.Response
	key(b, ind, "response")
	b.WriteByte('\n')
	str(b, sub, "proto", s.Proto)
	integer(b, sub, "proto_major", int64(s.ProtoMajor))
	integer(b, sub, "proto_minor", int64(s.ProtoMinor))
	list(b, sub, "transfer_encoding", s.TransferEncoding)
	header(b, sub, "trailer", s.Trailer)
	integer(b, sub, "content_length", s.ContentLength)
	key(b, sub, "uncompressed")
	b.WriteString(" " + strconv.FormatBool(s.Uncompressed) + "\n")
	str(b, sub, "body", s.Body)
	header(b, sub, "headers", s.Headers)
	str(b, sub, "status", s.Status)
	integer(b, sub, "code", int64(s.Code))
	key(b, sub, "duration")
	b.WriteString(" " + s.Duration.String() + "\n")
}

func key(b *bufio.Writer, indent int, k string) {
	writeIndent(b, indent)
	b.WriteString(k)
	b.WriteByte(':')
}

func writeIndent(b *bufio.Writer, n int) {
	const spaces = "                                "
	for n > len(spaces) {
		b.WriteString(spaces)
		n -= len(spaces)
	}
	b.WriteString(spaces[:n])
}

func integer(b *bufio.Writer, indent int, k string, v int64) {
	key(b, indent, k)
	b.WriteByte(' ')
	b.WriteString(strconv.FormatInt(v, 10))
	b.WriteByte('\n')
}

// str writes "k: value" with value in the safest readable style.
func str(b *bufio.Writer, indent int, k, v string) {
	key(b, indent, k)
	b.WriteByte(' ')
	scalar(b, indent, v, true)
}

// list writes a sequence of strings the way yaml.v3 does: "[]" when empty, otherwise one
// "- item" per line, indented one step under the key.
func list(b *bufio.Writer, indent int, k string, vs []string) {
	key(b, indent, k)
	if len(vs) == 0 {
		b.WriteString(" []\n")
		return
	}
	b.WriteByte('\n')
	for _, v := range vs {
		writeIndent(b, indent+indentStep)
		b.WriteString("- ")
		scalar(b, indent+indentStep, v, false)
	}
}

// header writes a map of string lists (headers, trailers, form values) with sorted keys.
func header(b *bufio.Writer, indent int, k string, h http.Header) {
	key(b, indent, k)
	if len(h) == 0 {
		b.WriteString(" {}\n")
		return
	}
	b.WriteByte('\n')
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var scratch *bufio.Writer
	var keyBuf bytes.Buffer
	for _, name := range names {
		writeIndent(b, indent+indentStep)
		if plainSafe(name) && !strings.ContainsAny(name, ":#") && len(name) <= maxImplicitKey {
			b.WriteString(name)
			b.WriteByte(':')
		} else {
			if scratch == nil {
				scratch = bufio.NewWriter(&keyBuf)
			}
			keyBuf.Reset()
			if utf8.ValidString(name) {
				doubleQuoted(scratch, name)
			} else {
				// A key cannot be tagged !!binary in the layout readers expect; header names
				// are ASCII tokens, so only a garbled form key can get here, and its body is
				// kept whole.
				doubleQuoted(scratch, strings.ToValidUTF8(name, "\uFFFD"))
			}
			scratch.Flush()
			if keyBuf.Len() > maxImplicitKey {
				// YAML limits implicit keys to 1024 characters: state the key explicitly.
				b.WriteString("? ")
				b.Write(keyBuf.Bytes())
				b.WriteByte('\n')
				writeIndent(b, indent+indentStep)
			} else {
				b.Write(keyBuf.Bytes())
			}
			b.WriteByte(':')
		}
		vs := h[name]
		if len(vs) == 0 {
			b.WriteString(" []\n")
			continue
		}
		b.WriteByte('\n')
		for _, v := range vs {
			writeIndent(b, indent+2*indentStep)
			b.WriteString("- ")
			scalar(b, indent+2*indentStep, v, false)
		}
	}
}

// scalar writes a string value and the line break after it. indent is the column of the key
// (or "- ") the value belongs to; a literal block is indented one step further.
func scalar(b *bufio.Writer, indent int, s string, blockOK bool) {
	if style, ok := asciiStyle(s, blockOK); ok {
		switch style {
		case stylePlain:
			b.WriteString(s)
		case styleSingle:
			b.WriteByte('\'')
			b.WriteString(strings.ReplaceAll(s, "'", "''"))
			b.WriteByte('\'')
		case styleLiteral:
			literal(b, indent, s)
			return
		default:
			doubleQuoted(b, s)
		}
		b.WriteByte('\n')
		return
	}
	switch {
	case !utf8.ValidString(s):
		b.WriteString("!!binary ")
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(s)))
	case blockOK && strings.IndexByte(s, '\n') >= 0 && blockSafe(s):
		literal(b, indent, s)
		return
	case plainSafe(s):
		b.WriteString(s)
	case singleQuoteSafe(s):
		// The style yaml.v3 picks for JSON bodies: only the quote itself is escaped.
		b.WriteByte('\'')
		b.WriteString(strings.ReplaceAll(s, "'", "''"))
		b.WriteByte('\'')
	default:
		doubleQuoted(b, s)
	}
	b.WriteByte('\n')
}

const (
	stylePlain = iota
	styleSingle
	styleDouble
	styleLiteral
)
