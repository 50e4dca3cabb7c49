package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy/cassette"
	"github.com/classroom-conformance/classroom-conformance/results"
)

// Options configure a verification. Target is required; the zero value of every other field is
// useful.
type Options struct {
	// Target receives the requests, each as the actor the cassette names.
	Target *endpoint.HTTP
	// TargetName says what the target is in reports; empty means its base URL.
	TargetName string
	// Expect is what the target is expected to choose where the documentation is ambiguous.
	// A cassette recorded for a scenario that expects another choice is skipped, as run skips
	// the scenario.
	Expect endpoint.Expectations
	// Features, when set, ties cassettes named as `run --record` names them
	// ("<feature>/<scenario>.yaml") to their scenario, for its @ambiguity tags and, in the JSON
	// results, its rules.
	Features fs.FS
	// ProfileName names the profile in the JSON results; "" for none.
	ProfileName string
	// Volatile are volatile rules on top of DefaultVolatile (and of a cassette's own, in
	// "<name>.volatile.yaml" next to it).
	Volatile []VolatileRule
	// Strict makes fields only the target returns failures rather than warnings.
	Strict bool
	// Update rewrites each cassette the target answers differently with the fresh traffic.
	Update bool
	// DefaultActor is the actor of recorded requests that carry credentials but no actor label
	// (a proxy recording made without --profile). Empty makes such a request bad input.
	DefaultActor string
	// Concurrency is how many cassettes are verified at once; 0 means 1. Each cassette's own
	// requests always go one at a time, in recorded order.
	Concurrency int
	// Discovery is the discovery document that names methods and enums; nil means the one the
	// reference is built from.
	Discovery []byte

	literal bool // send and compare as recorded, without binding (tests only)
}

// ErrBadInput marks an error of the tool's inputs: a cassette, a profile, an actor.
var ErrBadInput = errors.New("bad input")

// ErrTarget marks a target that did not answer.
var ErrTarget = errors.New("target did not answer")

// Run verifies the cassettes at paths (files, or folders searched for *.yaml and *.yml) against
// the target. An error means nothing could be judged (bad input wraps ErrBadInput, an
// unreachable target ErrTarget, or the context's error); the differences are in the Result.
func Run(ctx context.Context, opts Options, paths ...string) (*Result, error) {
	start := time.Now()
	if opts.Target == nil || opts.Target.BaseURL == nil {
		return nil, errors.New("verify: no target")
	}
	doc := opts.Discovery
	if doc == nil {
		doc = discovery.JSON()
	}
	api, err := parseDiscovery(doc)
	if err != nil {
		return nil, err
	}
	files, err := cassetteFiles(paths)
	if err != nil {
		return nil, err
	}
	scenarios, err := scenariosByCassette(opts.Features)
	if err != nil {
		return nil, err
	}
	// The first rule that matches a value applies: a cassette's own rules, then the caller's,
	// then the defaults, so that each can override what comes after it.
	rules := append(append([]VolatileRule(nil), opts.Volatile...), DefaultVolatile()...)

	jobs := make([]*job, len(files))
	for i, f := range files {
		j, err := prepare(ctx, f, opts, scenarios, rules)
		if err != nil {
			return nil, err
		}
		jobs[i] = j
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	workers := max(opts.Concurrency, 1)
	next := make(chan *job)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				if j.res.Status == Skipped {
					continue
				}
				if err := j.run(ctx, opts, api); err != nil {
					cancel(err)
				}
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}

	res := &Result{
		Target: opts.TargetName, Strict: opts.Strict,
		Start: start, Expect: opts.Expect, Profile: opts.ProfileName, features: opts.Features,
	}
	if res.Target == "" {
		res.Target = opts.Target.BaseURL.String()
	}
	verified := 0
	for _, j := range jobs {
		if j.res.Status != Skipped {
			verified++
		}
	}
	if verified == 0 {
		return nil, fmt.Errorf("%w: nothing was verified: every cassette was skipped or empty", ErrBadInput)
	}
	for _, j := range jobs {
		if opts.Update && j.res.Status == Failed {
			if err := j.update(ctx); err != nil {
				return nil, err
			}
			j.res.Updated = true
		}
		res.add(j.res)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// cassetteFiles lists the cassettes at paths, each folder's in name order.
func cassetteFiles(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no cassette given: name cassette files or folders of them", ErrBadInput)
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w: cassette %s: %v", ErrBadInput, p, unwrapPath(err))
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if f != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasPrefix(name, ".") && !strings.HasSuffix(name, sidecarSuffix) &&
				(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
				found = append(found, f)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%w: read %s: %v", ErrBadInput, p, unwrapPath(err))
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%w: %s holds no cassette (*.yaml)", ErrBadInput, p)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// A job is one cassette to verify.
type job struct {
	path         string
	interactions []*vcr.Interaction
	actors       []string
	rules        []VolatileRule
	res          *CassetteResult
	fresh        []*vcr.Interaction // the traffic with the target, for Update
}

// prepare loads a cassette and checks, before anything is sent, that every request's actor
// can be sent as.
func prepare(ctx context.Context, file string, opts Options, scenarios map[string]features.Scenario, rules []VolatileRule) (*job, error) {
	c, err := cassette.Load(ctx, file, cassette.Options{})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %s is not a readable cassette: %v", ErrBadInput, file, strings.TrimPrefix(err.Error(), "load cassette "+file+": "))
	}
	extra, err := loadSidecar(file)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadInput, err)
	}
	j := &job{path: file, interactions: c.Interactions(), rules: append(append([]VolatileRule(nil), extra...), rules...)}
	j.res = &CassetteResult{Path: file, Interactions: []InteractionResult{}}
	if sc, ok := scenarios[scenarioName(file)]; ok {
		j.res.scenario = &sc
	}
	expects := recordedChoices(scenarios[scenarioName(file)].Tags)
	for _, e := range expects {
		j.res.Ambiguities = append(j.res.Ambiguities, e.Ambiguity+"="+e.Choice)
	}
	if reason := skipReason(expects, opts.Expect); reason != "" {
		j.res.Status, j.res.Reason = Skipped, reason
		return j, nil
	}
	if len(j.interactions) == 0 {
		j.res.Status, j.res.Reason = Skipped, "the cassette holds no interaction"
		return j, nil
	}
	for _, i := range j.interactions {
		actor, err := actorOf(i, opts)
		if err != nil {
			return nil, fmt.Errorf("%w: %s interaction #%d: %v", ErrBadInput, file, i.ID, err)
		}
		j.actors = append(j.actors, actor)
	}
	return j, nil
}

// actorOf names the actor that sent a recorded request, and checks that the target has a token
// for it.
func actorOf(i *vcr.Interaction, opts Options) (string, error) {
	label := i.Request.Headers.Get(cassette.ActorHeader)
	if label == "" {
		switch {
		case !carriesCredentials(&i.Request):
			label = endpoint.Anonymous
		case opts.DefaultActor != "":
			label = opts.DefaultActor
		default:
			return "", errors.New("the request carries credentials but no actor label: name its actor with --actor, or record with proxy --profile so requests carry actor names")
		}
	}
	if !opts.Target.HasActor(label) {
		return "", fmt.Errorf("sent by actor %q, which the profile has no token for: give it one under actors: in the profile", label)
	}
	return label, nil
}

func carriesCredentials(r *vcr.Request) bool {
	if r.Headers.Get("Authorization") != "" || r.Headers.Get("X-Goog-Api-Key") != "" {
		return true
	}
	for p := range credentialParams {
		if strings.Contains(r.URL, p+"=") {
			return true
		}
	}
	return false
}

// run sends the cassette's requests in order and compares the answers. An error is the
// target's failure to answer at all, or an interruption.
func (j *job) run(ctx context.Context, opts Options, api *apiIndex) error {
	start := time.Now()
	b := newBinder()
	b.literal = opts.literal
	c := &comparer{api: api, rules: j.rules, strict: opts.Strict, expect: opts.Expect, b: b}
	j.res.Status = Passed
	for n, rec := range j.interactions {
		req, body, err := b.outgoing(api, &rec.Request)
		if err != nil {
			return fmt.Errorf("%w: %s interaction #%d: %v", ErrBadInput, j.path, rec.ID, err)
		}
		m := api.method(rec.Request.Method, req.URL.Path)
		ir := InteractionResult{Index: rec.ID, Actor: j.actors[n], Request: rec.Request.Method + " " + req.URL.RequestURI()}
		if m != nil {
			ir.Method = m.id
		} else {
			ir.Route = route(rec.Request.Method, &rec.Request, req)
		}
		resp, err := opts.Target.Do(ctx, j.actors[n], req)
		if err != nil {
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			return fmt.Errorf("%w: %v", ErrTarget, err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%w: %s: reading the answer: %v", ErrTarget, ir.Request, err)
		}
		c.at, c.diffs, c.warns, c.accepted = rec.ID, nil, nil, nil
		c.compare(m, rec.Response.Code, []byte(rec.Response.Body), resp.StatusCode, got)
		ir.Differences, ir.Warnings, ir.Accepted = c.diffs, c.warns, c.accepted
		ir.Agreed = len(c.diffs) == 0
		if !ir.Agreed {
			j.res.Status = Failed
			ir.exchange = &results.Exchange{
				Actor: j.actors[n], Method: req.Method, URL: req.URL.RequestURI(), RequestBody: string(body),
				Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), ResponseBody: string(got),
			}
		}
		j.res.Interactions = append(j.res.Interactions, ir)
		if opts.Update {
			j.fresh = append(j.fresh, freshInteraction(opts.Target, rec, req, body, resp, got))
		}
	}
	j.res.Duration = time.Since(start)
	return nil
}

// route names a request the discovery document does not describe by its method and path, with
// the path segments that were rewritten through the bindings shown as {id}, so that every call
// of the same route is counted together.
func route(method string, rec *vcr.Request, sent *http.Request) string {
	recorded := rec.URL
	if u, err := url.Parse(rec.URL); err == nil {
		recorded = u.Path
	}
	a, b := strings.Split(recorded, "/"), strings.Split(sent.URL.Path, "/")
	if len(a) >= len(b) {
		a = a[len(a)-len(b):]
		for i := range b {
			if a[i] != b[i] {
				b[i] = "{id}"
			}
		}
	}
	return method + " " + strings.Join(b, "/")
}

// freshInteraction is the exchange with the target as a cassette records it: the recorded
// request's headers (redacted, with the actor label), the rewritten URL and body, and the
// target's answer.
func freshInteraction(t *endpoint.HTTP, rec *vcr.Interaction, req *http.Request, body []byte, resp *http.Response, got []byte) *vcr.Interaction {
	u := strings.TrimSuffix(t.BaseURL.String(), "/") + req.URL.RequestURI()
	q := rec.Request
	q.Headers = rec.Request.Headers.Clone()
	q.Form = nil
	q.Body, q.ContentLength, q.URL, q.Host = string(body), int64(len(body)), u, t.BaseURL.Host
	return &vcr.Interaction{
		Request: q,
		Response: vcr.Response{
			Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Status: resp.Status, Code: resp.StatusCode, Headers: resp.Header.Clone(),
			Body: string(got), ContentLength: int64(len(got)),
		},
	}
}

// update replaces the cassette with the fresh traffic: redacted as every recording is, and
// written atomically, so the file holds the old recording or the new one, never a mix.
func (j *job) update(ctx context.Context) error {
	if len(j.fresh) != len(j.interactions) {
		return fmt.Errorf("update %s: the exchange with the target is incomplete; the cassette is left as it was", j.path)
	}
	c := cassette.New(j.path, cassette.Options{})
	for _, i := range j.fresh {
		c.Add(i)
	}
	if err := c.Save(ctx); err != nil {
		return fmt.Errorf("update %s: %w", j.path, err)
	}
	return nil
}
