// Package classroomtest is what a Classroom app's own tests import: the reference emulator in
// process, with fault plans and schema validation, and a record/replay http.RoundTripper that
// keeps an app's real Classroom traffic in testdata/ so that its tests run offline.
//
//	emu := classroomtest.NewEmulator(t, classroomtest.Options{})
//	svc, _ := classroom.NewService(ctx, option.WithEndpoint(emu.URL), option.WithHTTPClient(emu.Client("teacher")))
//
//	client := &http.Client{Transport: classroomtest.Transport(t, "list-coursework", nil)}
//
// See docs/testing-apps.md.
package classroomtest

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/faults"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// Options configure an Emulator. The zero value is the reference with its documented choices,
// the built-in actors, a reproducible clock, no faults and no validation.
type Options struct {
	// Behaviour selects the answer where the Classroom documentation is ambiguous
	// (see reference.Behaviour); the zero value is the reference's documented choice for each.
	Behaviour reference.Behaviour
	// Identities are the actors and their tokens; nil means reference.BuiltinIdentities(), whose
	// actors are "teacher", "student", "other student", "outsider", "teacher via project B",
	// "student via project B" and "student without coursework scope".
	Identities []reference.Identity
	// Now is the emulator's clock. Nil means a clock that starts at 2026-01-05 09:00 UTC and
	// moves one millisecond at every reading, so that the same test gets the same answers.
	Now func() time.Time
	// Faults is a fault plan in YAML or JSON (see package faults), applied to every request.
	// The test fails at cleanup if some instruction of the plan never fired.
	Faults string
	// Validate checks every request and answer against the discovery document; the test fails
	// on any finding. Requests the emulator refuses with a 4xx are not findings.
	Validate bool
	// Seed selects the ids and enrolment codes the emulator hands out; 0 gives those of the
	// shipped recordings. A test that passes under two seeds does not depend on literal ids.
	Seed int64
}

// An Emulator is the reference Classroom API served on a loopback port for one test, closed
// when the test ends.
type Emulator struct {
	// URL is the base URL of the API, e.g. "http://127.0.0.1:41235/": give it to the client as
	// its endpoint.
	URL string

	t      testing.TB
	ids    map[string]reference.Identity
	faults *faults.Handler
}

// NewEmulator starts an emulator for t. A bad option, such as a fault plan that does not parse,
// fails the test at once.
func NewEmulator(t testing.TB, opts Options) *Emulator {
	t.Helper()
	if opts.Now == nil {
		opts.Now = reference.SteppingClock(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	}
	ids := opts.Identities
	if ids == nil {
		ids = reference.BuiltinIdentities()
	}
	srv, err := reference.New(reference.Options{
		Identities: ids, Behaviour: opts.Behaviour, Now: opts.Now, Seed: opts.Seed,
		ErrorLog: log.New(testWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatalf("classroomtest: %v", err)
	}
	doc, err := discovery.Load()
	if err != nil {
		t.Fatalf("classroomtest: %v", err)
	}
	plan, err := faults.Parse([]byte(opts.Faults), doc)
	if err != nil {
		t.Fatalf("classroomtest: Options.Faults: %v", err)
	}
	var h http.Handler = srv
	var (
		mu       sync.Mutex
		findings []string
	)
	if opts.Validate {
		h = &discovery.Validator{Doc: doc, Next: h, Report: func(f discovery.Finding) {
			mu.Lock()
			defer mu.Unlock()
			findings = append(findings, f.String())
		}}
	}
	e := &Emulator{t: t, ids: map[string]reference.Identity{}}
	e.faults = &faults.Handler{Next: h, Doc: doc, Plan: plan}
	for _, id := range ids {
		e.ids[id.Actor] = id
	}
	hs := httptest.NewServer(e.faults)
	e.URL = hs.URL + "/"
	t.Cleanup(func() {
		hs.Close()
		for _, s := range plan.Unfired() {
			t.Errorf("classroomtest: the fault at line %d of Options.Faults (%s on %s) never fired", s.Line, s.Kind, s.Method)
		}
		mu.Lock()
		defer mu.Unlock()
		for _, f := range findings {
			t.Errorf("classroomtest: validate: %s", f)
		}
	})
	return e
}

// Token returns the bearer token of an actor; an actor the emulator does not know fails the
// test.
func (e *Emulator) Token(actor string) string {
	e.t.Helper()
	id, ok := e.ids[actor]
	if !ok {
		e.t.Fatalf("classroomtest: no actor %q (the emulator has %s)", actor, strings.Join(e.actors(), ", "))
	}
	return id.Token
}

func (e *Emulator) actors() []string {
	out := make([]string, 0, len(e.ids))
	for a := range e.ids {
		out = append(out, fmt.Sprintf("%q", a))
	}
	sort.Strings(out)
	return out
}

// Client returns an HTTP client that authenticates as actor, for a Classroom client library
// (option.WithHTTPClient) or plain HTTP.
func (e *Emulator) Client(actor string) *http.Client {
	e.t.Helper()
	return &http.Client{Transport: header{name: "Authorization", value: "Bearer " + e.Token(actor), base: http.DefaultTransport}}
}

// WithFaults returns a copy of client whose requests take their own fault plan (YAML or JSON,
// see package faults) instead of Options.Faults, so that parallel subtests sharing an emulator
// do not share faults. The test fails at cleanup if some instruction never fired.
func (e *Emulator) WithFaults(client *http.Client, plan string) *http.Client {
	e.t.Helper()
	doc, err := discovery.Load()
	if err != nil {
		e.t.Fatalf("classroomtest: %v", err)
	}
	p, err := faults.Parse([]byte(plan), doc)
	if err != nil {
		e.t.Fatalf("classroomtest: WithFaults: %v", err)
	}
	id := e.faults.Add(p)
	e.t.Cleanup(func() {
		for _, s := range p.Unfired() {
			e.t.Errorf("classroomtest: the fault at line %d of a WithFaults plan (%s on %s) never fired", s.Line, s.Kind, s.Method)
		}
	})
	c := *client
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = header{name: faults.PlanHeader, value: id, base: base}
	return &c
}

// header adds a header to each request.
type header struct {
	name, value string
	base        http.RoundTripper
}

func (h header) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(h.name, h.value)
	return h.base.RoundTrip(r)
}

// testWriter sends the emulator's internal error log to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = testWriter{}
