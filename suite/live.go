package suite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

// userAgent identifies the suite's requests in a server's logs.
const userAgent = "classroom-conformance"

// resolveTarget decides where the run's requests go: opts.Target as it is; a live server at
// opts.TargetURL or the profile's target; or else a reference started for the run, resolving
// the ambiguities as exp expects. It also settles the concurrency (see Options.Concurrency).
// stop releases what was started.
func resolveTarget(ctx context.Context, opts Options, exp endpoint.Expectations) (t endpoint.Target, desc string, concurrency int, stop func(), err error) {
	if opts.Target != nil {
		return opts.Target, "the given target", max(opts.Concurrency, 1), func() {}, nil
	}
	url := opts.TargetURL
	if url == "" && opts.Profile != nil {
		url = opts.Profile.Target
	}
	if url == "" && opts.Profile != nil && len(opts.Profile.Actors) > 0 {
		// Tokens without a target would be silently dropped for the reference's identities.
		return nil, "", 0, nil, errors.New("the profile gives actors but no target: add target: URL to the profile or pass --target URL (without either, the suite runs against the embedded reference and its built-in identities)")
	}
	if url == "" {
		concurrency = opts.Concurrency
		if concurrency == 0 {
			concurrency = 4
			if wantsPretty(opts.Formats) {
				// godog's pretty report interleaves backgrounds of concurrent scenarios.
				concurrency = 1
			}
		}
		ref, err := startReference(exp, opts.ReferenceClock, opts.ErrorLog)
		if err != nil {
			return nil, "", 0, nil, err
		}
		base, err := endpoint.ParseBaseURL(referenceBase)
		if err != nil {
			ref.close()
			return nil, "", 0, nil, err
		}
		client, closeIdle := ref.client(concurrency)
		if opts.HTTPClient != nil {
			// A client of the caller's own cannot know where referenceBase leads.
			if base, err = endpoint.ParseBaseURL(ref.url); err != nil {
				ref.close()
				return nil, "", 0, nil, err
			}
			client, closeIdle = opts.HTTPClient, func() {}
		}
		live := &endpoint.HTTP{BaseURL: base, Tokens: BuiltinTokens(), Client: client, UserAgent: userAgent}
		return live, "the embedded reference at " + ref.url, concurrency, func() { closeIdle(); ref.close() }, nil
	}
	base, err := endpoint.ParseBaseURL(url)
	if err != nil {
		return nil, "", 0, nil, err
	}
	concurrency = max(opts.Concurrency, 1)
	client, closeIdle := newClient(opts.HTTPClient, concurrency)
	live := &endpoint.HTTP{BaseURL: base, Tokens: TargetTokens(opts.Profile), Client: client, UserAgent: userAgent}
	if err := preflight(ctx, live); err != nil {
		closeIdle()
		return nil, "", 0, nil, err
	}
	return live, base.String(), concurrency, closeIdle, nil
}

// newClient returns the client of a run: the given one, or one whose transport keeps a
// connection per concurrent scenario alive (the default keeps two, and the others would be
// redialled for every request). closeIdle releases its connections after the run.
func newClient(c *http.Client, concurrency int) (client *http.Client, closeIdle func()) {
	if c != nil {
		return c, func() {}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(concurrency, 2)
	return &http.Client{Transport: tr, Timeout: endpoint.DefaultTimeout}, tr.CloseIdleConnections
}

func wantsPretty(formats []Format) bool {
	for _, f := range formats {
		if f.Name == "pretty" {
			return true
		}
	}
	return len(formats) == 0 // pretty is the default
}

// ErrUnreachable is the error of a run whose target could not be reached at all.
var ErrUnreachable = errors.New("unreachable")

// ErrNotClassroom is the error of a run whose target answered, but not as a Classroom API does.
var ErrNotClassroom = errors.New("not a Classroom API")

// preflightPath is the request the preflight sends: the first course the actor can see, which
// every Classroom API answers cheaply, for any caller, with a list or an error envelope.
const preflightPath = "/v1/courses?pageSize=1"

// preflight sends one cheap request before any scenario runs and requires a Classroom-shaped
// answer: a list of courses, or Google's error envelope. A wrong URL, a server that is not a
// Classroom API or a rejected token is then one clear error, not a failure of every scenario.
func preflight(ctx context.Context, t *endpoint.HTTP) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	actor := endpoint.Anonymous
	if t.HasActor("teacher") {
		actor = "teacher"
	}
	req, err := http.NewRequestWithContext(ctx, "GET", preflightPath, nil)
	if err != nil {
		return err
	}
	resp, err := t.Do(ctx, actor, req)
	if err != nil {
		return fmt.Errorf("target %s is %w: %w", t.BaseURL, ErrUnreachable, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("target %s is %w: reading the answer to GET %s: %w", t.BaseURL, ErrUnreachable, preflightPath, err)
	}
	answer := classroomAnswer(resp.StatusCode, body)
	switch {
	case answer == "list":
		return nil
	case actor == "teacher" && resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("target %s rejected the teacher's token (HTTP 401): check the profile's actors", t.BaseURL)
	case answer == "":
		what := strings.TrimSpace(fmt.Sprintf("HTTP %d %s", resp.StatusCode, mediaType(resp.Header.Get("Content-Type"))))
		return fmt.Errorf("target %s is %w: GET %s answered %s, neither a list of courses nor Google's error envelope; %s",
			t.BaseURL, ErrNotClassroom, preflightPath, what, baseURLHint(t.BaseURL))
	case resp.StatusCode == http.StatusNotFound:
		// Every Classroom API lists courses: a 404 means the base URL is not its root.
		return fmt.Errorf("target %s is %w at that URL: GET %s answered 404 %s; %s",
			t.BaseURL, ErrNotClassroom, preflightPath, answer, baseURLHint(t.BaseURL))
	}
	// Another error envelope (403, 429, 503...) is the target's answer: the scenarios judge it.
	return nil
}

// classroomAnswer recognises a Classroom-shaped answer to the preflight: "list" for a list of
// courses (an object with no other member than courses and nextPageToken), the status of
// Google's error envelope ({"error": {"code": N, "message": "...", "status": "..."}}) whose code
// is the HTTP status, or "" for anything else.
func classroomAnswer(status int, body []byte) string {
	if !gjson.ValidBytes(body) {
		return ""
	}
	doc := gjson.ParseBytes(body)
	if !doc.IsObject() {
		return ""
	}
	if e := doc.Get("error"); e.Exists() {
		code, msg := e.Get("code"), e.Get("message")
		if !e.IsObject() || code.Type != gjson.Number || code.Int() != int64(status) || msg.Type != gjson.String {
			return ""
		}
		if st := e.Get("status").String(); st != "" {
			return st
		}
		return "error"
	}
	if status != http.StatusOK {
		return ""
	}
	list := true
	doc.ForEach(func(k, v gjson.Result) bool {
		switch k.String() {
		case "courses":
			list = v.IsArray()
		case "nextPageToken":
			list = v.Type == gjson.String
		default:
			list = false
		}
		return list
	})
	if list {
		return "list"
	}
	return ""
}

// baseURLHint says what to fix in a base URL that did not lead to a Classroom API.
func baseURLHint(base *url.URL) string {
	p := strings.TrimSuffix(base.Path, "/")
	if strings.HasSuffix(p, "/v1") {
		fixed := *base
		fixed.Path = strings.TrimSuffix(p, "v1")
		return fmt.Sprintf("drop /v1 from the base URL, the suite's paths start with it (--target %s)", fixed.String())
	}
	return "check that the base URL is the root of a Classroom API, as https://classroom.googleapis.com/ is"
}

func mediaType(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	return strings.TrimSpace(mt)
}
