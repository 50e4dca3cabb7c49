package suite

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

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
	// A profile that names no actor only sets expectations: the target is assumed to accept
	// the reference's built-in identities, as it must without a profile.
	tokens := BuiltinTokens()
	if opts.Profile != nil && len(opts.Profile.Actors) > 0 {
		tokens = opts.Profile.Tokens()
	}
	client, closeIdle := newClient(opts.HTTPClient, concurrency)
	live := &endpoint.HTTP{BaseURL: base, Tokens: tokens, Client: client, UserAgent: userAgent}
	if err := checkReachable(ctx, live); err != nil {
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

// checkReachable sends one cheap request (the first course of the teacher) before any scenario
// runs, so that a wrong URL or a rejected token is one clear error, not a failure per scenario.
func checkReachable(ctx context.Context, t *endpoint.HTTP) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	actor := endpoint.Anonymous
	if t.HasActor("teacher") {
		actor = "teacher"
	}
	req, err := http.NewRequestWithContext(ctx, "GET", "/v1/courses?pageSize=1", nil)
	if err != nil {
		return err
	}
	resp, err := t.Do(ctx, actor, req)
	if err != nil {
		return fmt.Errorf("target %s is unreachable: %w", t.BaseURL, err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if actor == "teacher" && resp.StatusCode == http.StatusUnauthorized {
		return fmt.Errorf("target %s rejected the teacher's token (HTTP 401): check the profile's actors", t.BaseURL)
	}
	return nil
}
