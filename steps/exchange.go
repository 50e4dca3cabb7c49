package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// maxBody bounds what a step reads of a response; Classroom's largest answers are pages of
// course work, far below it.
const maxBody = 32 << 20

// An exchange is one request a scenario sent and the response it got.
type exchange struct {
	actor   string
	method  string
	uri     string // path and query, relative to the target
	reqBody []byte
	hasBody bool

	status     int
	statusText string
	header     http.Header
	body       []byte
}

// send sends a request as actor and records the exchange as the scenario's last. The path and
// query must already have their variables substituted. A transport error fails the step; a
// missing token skips the scenario.
func (w *World) send(ctx context.Context, actor, method, uri string, body []byte, hasBody bool) (*exchange, error) {
	var rd io.Reader
	if hasBody {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, uri, rd)
	if err != nil {
		return nil, fmt.Errorf("build request %s %s: %w", method, uri, err)
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	ex := &exchange{actor: actor, method: method, uri: req.URL.RequestURI(), reqBody: body, hasBody: hasBody}
	resp, err := w.target.Do(ctx, actor, req)
	if err != nil {
		if errors.Is(err, endpoint.ErrNoToken) {
			return nil, w.skipFor(err)
		}
		w.last = ex
		return nil, w.failWith(err, "the request could not be sent: %s", w.maskError(err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		w.last = ex
		return nil, w.failWith(err, "reading the response of %s %s: %s", method, ex.uri, w.maskError(err))
	}
	if len(b) > maxBody {
		w.last = ex
		return nil, w.failf("the response of %s %s is larger than %d bytes", method, ex.uri, maxBody)
	}
	ex.status, ex.statusText, ex.header, ex.body = resp.StatusCode, resp.Status, resp.Header, b
	w.last = ex
	return ex, nil
}

// dump prints the exchange for a failure message. What came from outside (the request's URI and
// body, the response's headers and body) is redacted as a cassette would be, and known secrets
// are masked where they stand as whole tokens; the words of the message itself are left alone.
func (ex *exchange) dump(known redact.Known) string {
	red := redact.Default()
	var b strings.Builder
	who := "as an anonymous caller, no credentials"
	if ex.actor != endpoint.Anonymous {
		who = "as the " + ex.actor + ", Authorization: Bearer " + redact.Placeholder
	}
	fmt.Fprintf(&b, "request (%s):\n  %s %s\n", who, ex.method, known.Mask(red.URL(ex.uri)))
	if ex.hasBody {
		b.WriteString("  Content-Type: application/json\n\n")
		b.WriteString(indent(known.Mask(showBody(red, ex.reqBody))))
	}
	if ex.header == nil {
		b.WriteString("response: none\n")
		return b.String()
	}
	status := ex.statusText
	if status == "" {
		status = fmt.Sprint(ex.status)
	}
	fmt.Fprintf(&b, "response:\n  HTTP %s\n", status)
	keys := make([]string, 0, len(ex.header))
	for k := range ex.header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case red.IsSecretHeader(k):
			fmt.Fprintf(&b, "  %s: %s\n", k, redact.Placeholder)
		case shownHeaders[http.CanonicalHeaderKey(k)]:
			fmt.Fprintf(&b, "  %s: %s\n", k, known.Mask(red.Text(strings.Join(ex.header[k], ", "))))
		}
	}
	if len(ex.body) > 0 {
		b.WriteString("\n")
		b.WriteString(indent(known.Mask(showBody(red, ex.body))))
	}
	return b.String()
}

// shownHeaders are the response headers a failure message shows: those that explain an answer.
var shownHeaders = map[string]bool{
	"Content-Type": true, "Location": true, "Www-Authenticate": true, "Grpc-Status": true, "Grpc-Message": true,
}

const maxShown = 8 << 10

// showBody pretty-prints a JSON body, redacted, and shortens a long one.
func showBody(red *redact.Redactor, body []byte) string {
	s := red.Body(string(body), "application/json")
	var out bytes.Buffer
	if json.Valid([]byte(s)) && json.Indent(&out, []byte(s), "", "  ") == nil {
		s = out.String()
	}
	if len(s) > maxShown {
		s = s[:maxShown] + fmt.Sprintf("\n... (%d bytes in all)", len(body))
	}
	return s
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "  " + strings.ReplaceAll(s, "\n", "\n  ") + "\n"
}
