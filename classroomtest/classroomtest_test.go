package classroomtest_test

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/classroomtest"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// fakeT is a testing.TB whose failures are kept for the test to check, and whose cleanups run
// when the test says.
type fakeT struct {
	testing.TB
	errors   []string
	cleanups []func()
	failed   bool
}

type fatal struct{}

func (f *fakeT) Helper()                         {}
func (f *fakeT) Logf(format string, args ...any) {}
func (f *fakeT) Log(args ...any)                 {}
func (f *fakeT) Failed() bool                    { return f.failed || len(f.errors) > 0 }
func (f *fakeT) Cleanup(fn func())               { f.cleanups = append(f.cleanups, fn) }
func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.Errorf(format, args...)
	panic(fatal{})
}

// finish runs the cleanups, last first, as the testing package does.
func (f *fakeT) finish() []string {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	return f.errors
}

// fatally runs fn and reports whether it called Fatalf.
func fatally(fn func()) (stopped bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatal); !ok {
				panic(r)
			}
			stopped = true
		}
	}()
	fn()
	return false
}

func send(t *testing.T, client *http.Client, method, url, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEmulator(t *testing.T) {
	emu := classroomtest.NewEmulator(t, classroomtest.Options{Validate: true})
	teacher := emu.Client("teacher")
	code, body := send(t, teacher, "POST", emu.URL+"v1/courses", `{"name":"Maths","ownerId":"me"}`)
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"ownerId": "100000000000000000001"`)
	assert.Contains(t, body, `"creationTime": "2026-01-05T09:00:00.`, "the reproducible clock")
	code, _ = send(t, &http.Client{}, "GET", emu.URL+"v1/courses", "")
	assert.Equal(t, 401, code, "no token")
	assert.Equal(t, "tok-student", emu.Token("student"))
}

func TestEmulatorOptions(t *testing.T) {
	emu := classroomtest.NewEmulator(t, classroomtest.Options{
		Behaviour: reference.Behaviour{CourseWorkDefaultState: "PUBLISHED"},
		Faults:    "faults:\n  classroom.courses.courseWork.create:\n    - status: 429\n",
	})
	teacher := emu.Client("teacher")
	_, body := send(t, teacher, "POST", emu.URL+"v1/courses", `{"name":"Maths","ownerId":"me"}`)
	id := between(body, `"id": "`, `"`)
	code, _ := send(t, teacher, "POST", emu.URL+"v1/courses/"+id+"/courseWork", `{"title":"T","workType":"ASSIGNMENT"}`)
	assert.Equal(t, 429, code, "the planned fault")
	code, body = send(t, teacher, "POST", emu.URL+"v1/courses/"+id+"/courseWork", `{"title":"T","workType":"ASSIGNMENT"}`)
	assert.Equal(t, 200, code, body)
	assert.Contains(t, body, `"state": "PUBLISHED"`, "Behaviour.CourseWorkDefaultState")
}

func TestEmulatorSeedSelectsTheIds(t *testing.T) {
	courseID := func(seed int64) string {
		emu := classroomtest.NewEmulator(t, classroomtest.Options{Seed: seed})
		code, body := send(t, emu.Client("teacher"), "POST", emu.URL+"v1/courses", `{"name":"Maths","ownerId":"me"}`)
		require.Equal(t, 200, code, body)
		return between(body, `"id": "`, `"`)
	}
	zero, one := courseID(0), courseID(1)
	require.NotEmpty(t, zero)
	assert.Equal(t, zero, courseID(0), "the same seed hands out the same ids")
	assert.NotEqual(t, zero, one, "another seed hands out other ids")
}

func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}

func TestEmulatorFailsTheTest(t *testing.T) {
	t.Run("a fault that never fired", func(t *testing.T) {
		ft := &fakeT{TB: t}
		classroomtest.NewEmulator(ft, classroomtest.Options{Faults: "faults:\n  classroom.courses.get:\n    - status: 503\n"})
		assert.Equal(t, []string{"classroomtest: the fault at line 3 of Options.Faults (status 503 on classroom.courses.get) never fired"}, ft.finish())
	})
	t.Run("a bad plan", func(t *testing.T) {
		ft := &fakeT{TB: t}
		assert.True(t, fatally(func() {
			classroomtest.NewEmulator(ft, classroomtest.Options{Faults: "faults:\n  classroom.courses.fly: [{status: 503}]\n"})
		}))
		assert.Contains(t, ft.finish()[0], `line 2: unknown method id "classroom.courses.fly"`)
	})
	t.Run("an unknown actor", func(t *testing.T) {
		ft := &fakeT{TB: t}
		emu := classroomtest.NewEmulator(ft, classroomtest.Options{})
		assert.True(t, fatally(func() { emu.Token("principal") }))
		errs := ft.finish()
		assert.Contains(t, errs[0], `no actor "principal" (the emulator has "other student", "outsider", `)
		assert.Contains(t, errs[0], `"teacher"`)
	})
	t.Run("a validation finding", func(t *testing.T) {
		ft := &fakeT{TB: t}
		emu := classroomtest.NewEmulator(ft, classroomtest.Options{Validate: true})
		// A 4xx is the emulator refusing the request, as Google would: not a finding. An
		// answer the client got although its request departs from the schema is.
		send(t, emu.Client("teacher"), "POST", emu.URL+"v1/courses", `{"name":"M","ownerId":"me","colour":"red"}`)
		send(t, emu.Client("teacher"), "GET", emu.URL+"v1/courses", `{"pageSize":1}`)
		errs := ft.finish()
		require.Len(t, errs, 1, "%q", errs)
		assert.Equal(t, "classroomtest: validate: classroom.courses.list request $: the method takes no request body", errs[0])
	})
}

func TestWithFaultsIsolatesParallelSubtests(t *testing.T) {
	emu := classroomtest.NewEmulator(t, classroomtest.Options{})
	for _, status := range []int{429, 500, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			client := emu.WithFaults(emu.Client("teacher"), fmt.Sprintf("faults:\n  classroom.courses.list:\n    - status: %d\n", status))
			code, _ := send(t, client, "GET", emu.URL+"v1/courses", "")
			assert.Equal(t, status, code)
			code, _ = send(t, client, "GET", emu.URL+"v1/courses", "")
			assert.Equal(t, 200, code)
		})
	}
}

func TestTransportRecordsThenReplays(t *testing.T) {
	dir := t.TempDir()
	emu := classroomtest.NewEmulator(t, classroomtest.Options{})
	// The token is added above the recorder, as an app's own auth transport might, so that the
	// recording shows it redacted.
	opts := &classroomtest.RecordOptions{Dir: dir}
	authed := func(rt http.RoundTripper) *http.Client {
		return &http.Client{Transport: bearer{rt}}
	}
	flow := func(t *testing.T, client *http.Client) string {
		_, body := send(t, client, "POST", emu.URL+"v1/courses", `{"name":"Recorded","ownerId":"me"}`)
		_, list := send(t, client, "GET", emu.URL+"v1/courses", "")
		return body + list
	}

	t.Run("record", func(t *testing.T) {
		t.Setenv(classroomtest.RecordEnv, "1")
		flow(t, authed(classroomtest.Transport(t, "flow", opts)))
	})
	data, err := os.ReadFile(filepath.Join(dir, "flow.yaml"))
	require.NoError(t, err)
	assert.NotContains(t, string(data), "tok-teacher", "the token reached the cassette")
	assert.Contains(t, string(data), "Bearer REDACTED")

	var recorded string
	t.Run("replay", func(t *testing.T) {
		t.Setenv(classroomtest.RecordEnv, "")
		recorded = flow(t, &http.Client{Transport: classroomtest.Transport(t, "flow", &classroomtest.RecordOptions{Dir: dir})})
	})
	assert.Contains(t, recorded, `"name": "Recorded"`)

	t.Run("a miss and an unused interaction fail the test", func(t *testing.T) {
		t.Setenv(classroomtest.RecordEnv, "")
		ft := &fakeT{TB: t}
		client := &http.Client{Transport: classroomtest.Transport(ft, "flow", &classroomtest.RecordOptions{Dir: dir})}
		_, err := client.Get(emu.URL + "v1/courses/42")
		require.Error(t, err)
		errs := ft.finish()
		require.Len(t, errs, 3, "%q", errs)
		assert.Contains(t, errs[0], "flow.yaml: replay: GET /v1/courses/42: no recorded interaction matches; the closest is")
		assert.Contains(t, errs[1], "recorded interaction never replayed: #0 POST")
		assert.Contains(t, errs[2], "recorded interaction never replayed: #1 GET")
	})
	t.Run("no recording", func(t *testing.T) {
		t.Setenv(classroomtest.RecordEnv, "")
		ft := &fakeT{TB: t}
		assert.True(t, fatally(func() { classroomtest.Transport(ft, "never-made", &classroomtest.RecordOptions{Dir: dir}) }))
		assert.Contains(t, ft.errors[0], "never-made.yaml; run the test once with CLASSROOM_RECORD=1 to make it")
	})
	t.Run("a failing test keeps the old recording", func(t *testing.T) {
		t.Setenv(classroomtest.RecordEnv, "1")
		ft := &fakeT{TB: t}
		client := authed(classroomtest.Transport(ft, "flow", opts))
		send(t, client, "GET", emu.URL+"v1/courses", "")
		ft.failed = true
		ft.finish()
		after, err := os.ReadFile(filepath.Join(dir, "flow.yaml"))
		require.NoError(t, err)
		assert.Equal(t, string(data), string(after))
	})
}

type bearer struct{ base http.RoundTripper }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer tok-teacher")
	return b.base.RoundTrip(r)
}
