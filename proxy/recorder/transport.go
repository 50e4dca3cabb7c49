package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
)

// DefaultMaxBody is the largest request body a Transport accepts when MaxBody is zero: 10 MiB,
// the limit Google's front end applies to JSON API requests.
const DefaultMaxBody = 10 << 20

// DefaultMaxResponseBody is the largest upstream answer recorded when MaxResponseBody is zero.
const DefaultMaxResponseBody = 64 << 20

// ErrBodyTooLarge reports a request body above the limit.
var ErrBodyTooLarge = errors.New("request body too large")

// ErrResponseTooLarge reports an upstream answer too large to record.
var ErrResponseTooLarge = errors.New("upstream response too large to record")

// A BodyTooLargeError is the error of a request whose body exceeds Limit bytes.
type BodyTooLargeError struct{ Limit int64 }

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("request body larger than %d bytes", e.Limit)
}

// Unwrap makes errors.Is(err, ErrBodyTooLarge) hold.
func (e *BodyTooLargeError) Unwrap() error { return ErrBodyTooLarge }

// RoundTrip records, replays or passes req through, according to the mode. It matches and
// redacts with the cassette's rules. Requests are sent as they are: the Recorder does not
// rewrite their URL, so a client points it at a server by its base URL as usual; matching
// ignores the scheme and host, so a recording made against one server replays for a client
// configured with another.
func (t *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.closed.Load() {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, ErrClosed)
	}
	mode := t.opts.Mode
	if mode == Passthrough {
		return t.upstream().RoundTrip(req)
	}
	body, err := t.readBody(req)
	if err != nil {
		return nil, err
	}
	if t.cassette == nil {
		return nil, fmt.Errorf("%s %s: %s mode needs a cassette", req.Method, req.URL.Path, mode)
	}
	rec := t.recordedRequest(req, body)
	switch mode {
	case Replay, ReplayOrRecord:
		i, err := t.cassette.Replay(&rec)
		if err == nil {
			t.replayed.Add(1)
			return responseFrom(i, req), nil
		}
		if mode == Replay || !errors.Is(err, cassette.ErrNoMatch) {
			if errors.Is(err, cassette.ErrNoMatch) {
				t.noteMiss(err)
			}
			return nil, err
		}
		return t.record(req, body, rec)
	case Record:
		return t.record(req, body, rec)
	}
	return nil, fmt.Errorf("unknown mode %s", mode)
}

func (t *Recorder) upstream() http.RoundTripper {
	if t.opts.Upstream != nil {
		return t.opts.Upstream
	}
	return http.DefaultTransport
}

// readBody reads and closes the request body, refusing one above MaxBody.
func (t *Recorder) readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	defer req.Body.Close()
	limit := t.opts.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	if req.ContentLength > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &BodyTooLargeError{Limit: mbe.Limit}
		}
		return nil, fmt.Errorf("read request body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, &BodyTooLargeError{Limit: limit}
	}
	return body, nil
}

// recordedRequest is the request as the cassette keeps it; the cassette redacts it.
func (t *Recorder) recordedRequest(req *http.Request, body []byte) vcr.Request {
	h := req.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del(cassette.ActorHeader)
	if t.opts.Actor != nil {
		if actor := t.opts.Actor(req); actor != "" {
			h.Set(cassette.ActorHeader, actor)
		}
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	return vcr.Request{
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		ContentLength: int64(len(body)),
		Host:          host,
		Body:          string(body),
		Headers:       h,
		URL:           req.URL.String(),
		Method:        method,
	}
}

// record sends the request upstream, adds the exchange to the cassette, and returns the live
// answer, unredacted: the client gets what the server sent, the disk gets it without secrets.
func (t *Recorder) record(req *http.Request, body []byte, rec vcr.Request) (*http.Response, error) {
	out := req.WithContext(req.Context()) // a shallow copy: req is the caller's
	out.Body, out.ContentLength, out.GetBody = nil, int64(len(body)), nil
	if body != nil {
		out.Body = io.NopCloser(bytes.NewReader(body))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	// Let the transport negotiate compression and decompress, so the cassette holds text.
	if _, ok := req.Header["Accept-Encoding"]; ok {
		out.Header = req.Header.Clone()
		out.Header.Del("Accept-Encoding")
	}
	now := t.opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	resp, err := t.upstream().RoundTrip(out)
	if err != nil {
		return nil, err
	}
	limit := t.opts.MaxResponseBody
	if limit <= 0 {
		limit = DefaultMaxResponseBody
	}
	buf := bytes.NewBuffer(nil)
	if resp.ContentLength > 0 && resp.ContentLength <= limit {
		buf.Grow(int(resp.ContentLength) + 1) // +1: reaching EOF without growing
	}
	_, err = buf.ReadFrom(io.LimitReader(resp.Body, limit+1))
	respBody := buf.Bytes()
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read upstream response: %w", err)
	}
	if int64(len(respBody)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
	}
	took := now().Sub(start)

	headers := resp.Header.Clone()
	removeHopByHop(headers)
	t.recorded.Add(1)
	t.cassette.Add(&vcr.Interaction{
		Request: rec,
		Response: vcr.Response{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Trailer:       resp.Trailer.Clone(),
			ContentLength: int64(len(respBody)),
			Body:          string(respBody),
			Headers:       headers,
			Status:        resp.Status,
			Code:          resp.StatusCode,
			Duration:      took.Round(time.Millisecond),
		},
	})
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	resp.ContentLength = int64(len(respBody))
	resp.Header.Del("Content-Length")
	resp.Header.Set("Content-Length", strconv.Itoa(len(respBody)))
	resp.TransferEncoding = nil
	return resp, nil
}

// responseFrom builds the answer to req from a recorded interaction. The headers are copied,
// so the client cannot change the cassette.
func responseFrom(i *vcr.Interaction, req *http.Request) *http.Response {
	r := &i.Response
	h := r.Headers.Clone()
	if h == nil {
		h = http.Header{}
	}
	removeHopByHop(h)
	if req.Method != http.MethodHead { // a HEAD answer keeps the length of the body it omits
		h.Set("Content-Length", strconv.Itoa(len(r.Body)))
	}
	code := r.Code
	if code < 100 || code > 999 {
		code = http.StatusOK
	}
	status := r.Status
	if status == "" {
		status = strconv.Itoa(code) + " " + http.StatusText(code)
	}
	return &http.Response{
		Status: status, StatusCode: code,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        h,
		Trailer:       r.Trailer.Clone(),
		Body:          io.NopCloser(strings.NewReader(r.Body)),
		ContentLength: int64(len(r.Body)),
		Request:       req,
	}
}

// hopByHop are the headers that concern one connection, not the exchange (RFC 9110, 7.6.1).
var hopByHop = []string{
	"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization",
	"Te", "Trailer", "Transfer-Encoding", "Upgrade",
}

// removeHopByHop deletes the hop-by-hop headers of h, including those Connection names.
func removeHopByHop(h http.Header) {
	for _, v := range h["Connection"] {
		for _, name := range strings.Split(v, ",") {
			if name = strings.TrimSpace(name); name != "" {
				h.Del(name)
			}
		}
	}
	for _, name := range hopByHop {
		delete(h, name)
	}
}
