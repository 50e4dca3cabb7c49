package discovery

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// maxChecked is the largest body a Validator keeps to check; a larger one passes unchecked.
const maxChecked = 8 << 20

// A Validator is an http.Handler in front of a Classroom API (the reference, or a proxy's
// upstream) that checks every request and every answer against the discovery document as they
// pass, changing nothing. Requests to paths the document does not describe pass unchecked.
//
//	v := &discovery.Validator{Doc: doc, Next: srv, Report: func(f discovery.Finding) { log.Print(f) }}
type Validator struct {
	Doc  *Document
	Next http.Handler
	// Report, if not nil, receives each finding as it is made; it may be called concurrently.
	Report func(Finding)

	findings atomic.Int64
	bufs     sync.Pool
}

// Findings returns how many findings the Validator has made.
func (v *Validator) Findings() int64 { return v.findings.Load() }

func (v *Validator) report(fs []Finding) {
	if len(fs) == 0 {
		return
	}
	v.findings.Add(int64(len(fs)))
	if v.Report != nil {
		for _, f := range fs {
			v.Report(f)
		}
	}
}

// ServeHTTP checks the request, serves it through Next, and checks the answer.
func (v *Validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	call, ok := v.Doc.Match(r.Method, r.URL.Path)
	if !ok {
		v.Next.ServeHTTP(w, r)
		return
	}
	var reqBody []byte
	checkBody := true
	if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		orig := r.Body
		b, err := io.ReadAll(io.LimitReader(orig, maxChecked+1))
		switch {
		case err != nil:
			// Let the server answer the broken body as it would have.
			r.Body = readCloser{io.MultiReader(bytes.NewReader(b), errReader{err}), orig}
			checkBody = false
		case len(b) > maxChecked:
			r.Body = readCloser{io.MultiReader(bytes.NewReader(b), orig), orig}
			checkBody = false
		default:
			r.Body = readCloser{bytes.NewReader(b), orig}
			reqBody = b
		}
	}
	buf, _ := v.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	tw := &teeWriter{ResponseWriter: w, buf: buf}
	v.Next.ServeHTTP(tw, r)
	status := tw.status
	if status == 0 {
		status = http.StatusOK
	}
	if checkBody && (status < 400 || status >= 500) {
		if body, ok := decoded(r.Header.Get("Content-Encoding"), reqBody); ok {
			v.report(v.Doc.CheckRequest(call, r.URL.RawQuery, body))
		}
	}
	bodyless := r.Method == http.MethodHead || status == http.StatusNoContent || status == http.StatusNotModified
	if !tw.over && !bodyless {
		if body, ok := decoded(w.Header().Get("Content-Encoding"), buf.Bytes()); ok {
			v.report(v.Doc.CheckResponse(call.Method, status, w.Header().Get("Content-Type"), body))
		}
	}
	if buf.Cap() <= 64<<10 {
		v.bufs.Put(buf)
	}
}

// decoded returns a body without its content coding: gzip is undone (as Google's front end
// answers clients that accept it); a coding the standard library cannot undo is not checked.
func decoded(coding string, body []byte) ([]byte, bool) {
	switch strings.ToLower(strings.TrimSpace(coding)) {
	case "", "identity":
		return body, true
	case "gzip", "x-gzip":
		if len(body) == 0 {
			return body, true
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return body, true // not gzip after all: checked as it is, and found not JSON
		}
		out, err := io.ReadAll(io.LimitReader(zr, maxChecked+1))
		if err != nil || len(out) > maxChecked {
			return nil, false
		}
		return out, true
	}
	return nil, false
}

type readCloser struct {
	io.Reader
	io.Closer
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// teeWriter keeps a copy of what is written, up to maxChecked bytes.
type teeWriter struct {
	http.ResponseWriter
	buf    *bytes.Buffer
	status int
	over   bool
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 && code >= 200 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	if !t.over {
		if t.buf.Len()+len(p) > maxChecked {
			t.over = true
		} else {
			t.buf.Write(p)
		}
	}
	return t.ResponseWriter.Write(p)
}

// Flush lets streaming answers through.
func (t *teeWriter) Flush() {
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
