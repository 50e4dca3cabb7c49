package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
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
		return nil, w.failf("the request could not be sent: %s", mask(err.Error(), w.secrets()))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		w.last = ex
		return nil, w.failf("reading the response of %s %s: %s", method, ex.uri, mask(err.Error(), w.secrets()))
	}
	if len(b) > maxBody {
		w.last = ex
		return nil, w.failf("the response of %s %s is larger than %d bytes", method, ex.uri, maxBody)
	}
	ex.status, ex.statusText, ex.header, ex.body = resp.StatusCode, resp.Status, resp.Header, b
	w.last = ex
	return ex, nil
}

// dump prints the exchange for a failure message, with credentials and secrets masked.
func (ex *exchange) dump(secrets []string) string {
	var b strings.Builder
	who := "as an anonymous caller, no credentials"
	if ex.actor != endpoint.Anonymous {
		who = "as the " + ex.actor + ", Authorization: Bearer <redacted>"
	}
	fmt.Fprintf(&b, "request (%s):\n  %s %s\n", who, ex.method, maskQuery(ex.uri))
	if ex.hasBody {
		b.WriteString("  Content-Type: application/json\n\n")
		b.WriteString(indent(showBody(ex.reqBody)))
	}
	if ex.header == nil {
		b.WriteString("response: none\n")
		return mask(b.String(), secrets)
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
		switch http.CanonicalHeaderKey(k) {
		case "Content-Type", "Location", "Www-Authenticate", "Grpc-Status", "Grpc-Message":
			fmt.Fprintf(&b, "  %s: %s\n", k, strings.Join(ex.header[k], ", "))
		case "Set-Cookie", "Authorization", "Proxy-Authorization", "X-Goog-Api-Key":
			fmt.Fprintf(&b, "  %s: <redacted>\n", k)
		}
	}
	if len(ex.body) > 0 {
		b.WriteString("\n")
		b.WriteString(indent(showBody(ex.body)))
	}
	return mask(b.String(), secrets)
}

const maxShown = 8 << 10

// showBody pretty-prints a JSON body and shortens a long one.
func showBody(body []byte) string {
	s := string(body)
	var out bytes.Buffer
	if json.Valid(body) && json.Indent(&out, body, "", "  ") == nil {
		s = out.String()
	}
	if len(s) > maxShown {
		s = s[:maxShown] + fmt.Sprintf("\n... (%d bytes in all)", len(body))
	}
	return maskJSONSecrets(s)
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "  " + strings.ReplaceAll(s, "\n", "\n  ") + "\n"
}

// secretQuery are query parameters that carry credentials in Google's APIs.
var secretQuery = map[string]bool{"key": true, "access_token": true, "oauth_token": true}

func maskQuery(uri string) string {
	path, query, ok := strings.Cut(uri, "?")
	if !ok {
		return uri
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		k, _, _ := strings.Cut(p, "=")
		if name, err := url.QueryUnescape(k); err == nil && secretQuery[strings.ToLower(name)] {
			params[i] = k + "=<redacted>"
		}
	}
	return path + "?" + strings.Join(params, "&")
}

var jsonSecret = regexp.MustCompile(`("(?:access_token|refresh_token|id_token|client_secret|password)"\s*:\s*)"(?:[^"\\]|\\.)*"`)

func maskJSONSecrets(s string) string {
	return jsonSecret.ReplaceAllString(s, `$1"<redacted>"`)
}

// mask replaces every secret in s.
func mask(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "<redacted>")
		}
	}
	return s
}
