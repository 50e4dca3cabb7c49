package vcryaml

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// A Span is where one interaction is in a document: bytes [Start, End), which hold whole lines
// starting at line Line, with the "- " of the sequence at column Indent.
type Span struct {
	Start, End, Line, Indent int
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
