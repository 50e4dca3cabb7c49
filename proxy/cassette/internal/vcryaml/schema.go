package vcryaml

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// The typed half of the fast reader: go-vcr's schema (interactions, requests, responses, their
// lists and header maps), read with the scalar and block primitives of decode.go.

func (r *reader) integer(l line, v string) (int64, error) {
	if v == "" || v == "~" || v == "null" || v == "Null" || v == "NULL" {
		if _, isNull, err := r.scalar(l, v, false); err != nil || !isNull {
			return 0, unsupported(l, "integer")
		}
		return 0, nil
	}
	d := strings.TrimPrefix(v, "-")
	if d == "" || len(d) > 1 && d[0] == '0' {
		return 0, unsupported(l, "integer")
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, unsupported(l, "integer")
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, unsupported(l, "integer")
	}
	return n, nil
}

func (r *reader) boolean(l line, v string) (bool, error) {
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, unsupported(l, "boolean")
}

func (r *reader) duration(l line, v string) (time.Duration, error) {
	s, isNull, err := r.scalar(l, v, false)
	if err != nil {
		return 0, err
	}
	if isNull {
		return 0, nil
	}
	if strings.HasPrefix(v, "!!") || !strings.HasPrefix(v, "\"") && !strings.HasPrefix(v, "'") && resolvesToNonString(v) {
		return 0, unsupported(l, "duration")
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, unsupported(l, "duration")
	}
	return d, nil
}

// list reads a sequence of strings: "[]", a null, or "- item" lines.
func (r *reader) list(l line, v string) ([]string, error) {
	switch v {
	case "[]":
		return []string{}, nil
	case "":
	default:
		if _, isNull, err := r.scalar(l, v, false); err != nil || !isNull {
			return nil, unsupported(l, "sequence")
		}
		return nil, nil
	}
	pl, ok, err := r.peek()
	if err != nil {
		return nil, err
	}
	if !ok || pl.indent < l.indent || pl.indent == l.indent && !strings.HasPrefix(pl.rest(), "- ") && pl.rest() != "-" {
		return nil, nil
	}
	seq := pl.indent
	var out []string
	for {
		pl, ok, err := r.peek()
		if err != nil {
			return nil, err
		}
		if !ok || pl.indent < seq || pl.indent == seq && !strings.HasPrefix(pl.rest(), "-") {
			return out, nil
		}
		if pl.indent > seq {
			return nil, unsupported(pl, "unexpected indentation")
		}
		il := r.next()
		rest := il.rest()
		if rest != "-" && !strings.HasPrefix(rest, "- ") {
			return nil, unsupported(il, "sequence item")
		}
		item := strings.TrimLeft(strings.TrimPrefix(rest, "-"), " ")
		if item == "" {
			// A null item, which yaml.v3 drops from a list of strings, unless a block follows.
			if nl, ok, err := r.peek(); err != nil {
				return nil, err
			} else if ok && nl.indent > seq {
				return nil, unsupported(nl, "block in a sequence item")
			}
			if out == nil {
				out = []string{}
			}
			continue
		}
		s, isNull, err := r.scalar(line{text: il.text, indent: seq, num: il.num}, item, false)
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = []string{}
		}
		if !isNull {
			out = append(out, s)
		}
	}
}

// header reads a map of string lists: "{}", a null, or a nested mapping.
func (r *reader) header(l line, v string) (http.Header, error) {
	switch v {
	case "{}":
		return http.Header{}, nil
	case "":
	default:
		if _, isNull, err := r.scalar(l, v, false); err != nil || !isNull {
			return nil, unsupported(l, "mapping")
		}
		return nil, nil
	}
	pl, ok, err := r.peek()
	if err != nil {
		return nil, err
	}
	if !ok || pl.indent <= l.indent {
		return nil, nil
	}
	h := http.Header{}
	err = r.mapping(pl.indent, nil, func(k string, kl line, kv string) error {
		vs, err := r.list(kl, kv)
		h[k] = vs
		return err
	})
	return h, err
}

func (r *reader) interactions(l line, v string, doc *Document) error {
	switch v {
	case "[]":
		doc.Interactions = []*vcr.Interaction{}
		return nil
	case "":
	default:
		return unsupported(l, "interactions")
	}
	pl, ok, err := r.peek()
	if err != nil {
		return err
	}
	if !ok || pl.indent < l.indent || !strings.HasPrefix(pl.rest(), "- ") {
		return unsupported(pl, "interactions")
	}
	seq := pl.indent
	for {
		pl, ok, err := r.peek()
		if err != nil {
			return err
		}
		if !ok || pl.indent < seq || pl.indent == seq && !strings.HasPrefix(pl.rest(), "-") {
			return nil
		}
		if pl.indent > seq || !strings.HasPrefix(pl.rest(), "- ") {
			return unsupported(pl, "interaction")
		}
		start, num := r.off, r.num+1
		i, err := r.entry(seq)
		if err != nil {
			return err
		}
		if r.each == nil {
			doc.Interactions = append(doc.Interactions, i)
			continue
		}
		if err := r.each(i, Span{Start: start, End: r.off, Line: num, Indent: seq}); err != nil {
			return err
		}
	}
}

// entry reads the interaction whose "- " is the next line, at column seq.
func (r *reader) entry(seq int) (*vcr.Interaction, error) {
	il := r.next()
	i := &vcr.Interaction{}
	first := il
	col := seq + 2
	for col < len(il.text) && il.text[col] == ' ' {
		col++
	}
	if err := r.mapping(col, &first, r.interactionField(i)); err != nil {
		return nil, err
	}
	return i, nil
}

func (r *reader) interactionField(i *vcr.Interaction) func(string, line, string) error {
	return func(k string, l line, v string) error {
		switch k {
		case "id":
			n, err := r.integer(l, v)
			i.ID = int(n)
			return err
		case "request":
			if r.answerOnly && v == "" {
				r.skipBlock(l.indent)
				return nil
			}
			return r.nested(l, v, r.requestField(&i.Request))
		case "response":
			return r.nested(l, v, r.responseField(&i.Response))
		}
		return unsupported(l, "unknown key "+strconv.Quote(k))
	}
}

// nested reads the block mapping under the key on line l.
func (r *reader) nested(l line, v string, f func(string, line, string) error) error {
	if v != "" {
		return unsupported(l, "expected a nested mapping")
	}
	pl, ok, err := r.peek()
	if err != nil {
		return err
	}
	if !ok || pl.indent <= l.indent {
		return unsupported(l, "expected a nested mapping")
	}
	return r.mapping(pl.indent, nil, f)
}

func (r *reader) str(l line, v string, dst *string) error {
	s, _, err := r.scalar(l, v, true)
	*dst = s
	return err
}

func (r *reader) requestField(q *vcr.Request) func(string, line, string) error {
	return func(k string, l line, v string) error {
		var err error
		var n int64
		switch k {
		case "proto":
			return r.str(l, v, &q.Proto)
		case "proto_major":
			n, err = r.integer(l, v)
			q.ProtoMajor = int(n)
		case "proto_minor":
			n, err = r.integer(l, v)
			q.ProtoMinor = int(n)
		case "content_length":
			q.ContentLength, err = r.integer(l, v)
		case "transfer_encoding":
			q.TransferEncoding, err = r.list(l, v)
		case "trailer":
			q.Trailer, err = r.header(l, v)
		case "host":
			return r.str(l, v, &q.Host)
		case "remote_addr":
			return r.str(l, v, &q.RemoteAddr)
		case "request_uri":
			return r.str(l, v, &q.RequestURI)
		case "body":
			return r.str(l, v, &q.Body)
		case "form":
			var h http.Header
			h, err = r.header(l, v)
			q.Form = url.Values(h)
		case "headers":
			q.Headers, err = r.header(l, v)
		case "url":
			return r.str(l, v, &q.URL)
		case "method":
			return r.str(l, v, &q.Method)
		default:
			return unsupported(l, "unknown key "+strconv.Quote(k))
		}
		return err
	}
}

func (r *reader) responseField(s *vcr.Response) func(string, line, string) error {
	return func(k string, l line, v string) error {
		var err error
		var n int64
		switch k {
		case "proto":
			return r.str(l, v, &s.Proto)
		case "proto_major":
			n, err = r.integer(l, v)
			s.ProtoMajor = int(n)
		case "proto_minor":
			n, err = r.integer(l, v)
			s.ProtoMinor = int(n)
		case "transfer_encoding":
			s.TransferEncoding, err = r.list(l, v)
		case "trailer":
			s.Trailer, err = r.header(l, v)
		case "content_length":
			s.ContentLength, err = r.integer(l, v)
		case "uncompressed":
			s.Uncompressed, err = r.boolean(l, v)
		case "body":
			return r.str(l, v, &s.Body)
		case "headers":
			s.Headers, err = r.header(l, v)
		case "status":
			return r.str(l, v, &s.Status)
		case "code":
			n, err = r.integer(l, v)
			s.Code = int(n)
		case "duration":
			s.Duration, err = r.duration(l, v)
		default:
			return unsupported(l, "unknown key "+strconv.Quote(k))
		}
		return err
	}
}
