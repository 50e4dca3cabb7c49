package suite

import (
	"bytes"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// A mutantCase is a server with one realistic fault, and the rules whose scenarios must catch it.
type mutantCase struct {
	name   string
	mutate middleware
	// rules each must have at least one failed scenario: the suite fails for the right reason,
	// not by accident. Empty for the control, which must pass.
	rules []string
	// gap, when set, says which rule should catch the mutant and does not yet: the features have
	// no scenario for it. Such a mutant is reported (the subtest is skipped) while it survives,
	// and checked like the others once a scenario catches it.
	gap string
}

// mutants returns the control and the mutants. fields holds the properties of the request
// messages, from the discovery document, for the mutant that drops unknown fields.
func mutants(fields map[string]map[string]bool) []mutantCase {
	verbFields := map[string]bool{}
	for _, s := range []string{"ReclaimStudentSubmissionRequest", "TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest"} {
		for f := range fields[s] {
			verbFields[f] = true
		}
	}
	isReclaim := func(r *http.Request) bool { return isVerb(r, "reclaim") }
	isDelete := func(r *http.Request) bool {
		return r.Method == http.MethodDelete && courseWorkItem.MatchString(r.URL.Path)
	}
	everything := func(*http.Request) bool { return true }
	return []mutantCase{
		{
			// Every request is read and re-sent and every JSON answer decoded and re-encoded,
			// as the mutants do: the plumbing alone must not fail a scenario.
			name:   "control: the reference behind a pass-through middleware",
			mutate: chain(onRequest(func(r *http.Request, b []byte) ([]byte, bool) { return b, false }), reencodeAnswers()),
		},
		{
			name:   "FAILED_PRECONDITION answered with HTTP 409",
			mutate: failedPreconditionAs409(),
			rules:  []string{"reclaim.only-turned-in", "errors.envelope", "coursework.delete.already-deleted"},
		},
		{
			name:   "course work created without state is PUBLISHED",
			mutate: defaultStatePublished(),
			rules:  []string{"coursework.state.default"},
		},
		{
			name:   "a title over 3000 characters is truncated and accepted",
			mutate: titleTruncated(),
			rules:  []string{"coursework.title.length"},
		},
		{
			name:   "the teacher may reclaim a student's submission",
			mutate: tokenSwap(isReclaim, map[string]string{"teacher": "student"}),
			rules:  []string{"reclaim.only-owner"},
		},
		{
			name: "the Developer Console project of the course work is not checked",
			mutate: tokenSwap(isProjectBWrite, map[string]string{
				"teacher via project B": "teacher", "student via project B": "student",
			}),
			rules: []string{
				"reclaim.developer-project", "coursework.patch.developer-project", "coursework.delete.developer-project",
				"submissions.turn-in.developer-project", "submissions.return.developer-project",
			},
		},
		{
			name:   "the classroom.coursework.me scope is not checked",
			mutate: tokenSwap(everything, map[string]string{"student without coursework scope": "student"}),
			rules:  []string{"reclaim.scope", "submissions.turn-in.scope"},
		},
		{
			name:   "reclaim answers the submission instead of an empty object",
			mutate: answerWithResource(isReclaim, func(p string) string { return strings.TrimSuffix(p, ":reclaim") }),
			rules:  []string{"reclaim.empty-response"},
		},
		{
			name:   "draft course work has an alternateLink",
			mutate: alternateLinkOnDrafts(),
			rules:  []string{"coursework.alternate-link.published-only"},
		},
		{
			name:   `timestamps end in "+00:00" instead of "Z"`,
			mutate: timestampsWithOffset(),
			rules:  []string{"coursework.timestamps.rfc3339-utc", "coursework.timestamps.offset-input", "coursework.read-only.server-set"},
		},
		{
			name:   "the error envelope has no status",
			mutate: envelopeWithoutStatus(),
			rules:  []string{"errors.envelope"},
		},
		{
			name:   "NOT_FOUND answered as 403 PERMISSION_DENIED",
			mutate: notFoundAsPermissionDenied(),
			rules:  []string{"reclaim.not-found", "coursework.get.not-found", "errors.unknown-path"},
		},
		{
			name:   "unknown JSON fields are dropped instead of refused",
			mutate: unknownFieldsDropped(fields["CourseWork"], verbFields),
			rules:  []string{"coursework.create.malformed", "reclaim.request-body", "submissions.turn-in.malformed"},
		},
		{
			name:   "students list what the teacher sees, drafts included",
			mutate: tokenSwap(isCourseWorkListCall, map[string]string{"student": "teacher", "other student": "teacher"}),
			rules:  []string{"coursework.visibility.students-published-only"},
		},
		{
			name:   "maxPoints 1.5 is rounded and accepted",
			mutate: maxPointsRounded(),
			rules:  []string{"coursework.max-points.non-negative-integer"},
		},
		{
			name:   "courseWorkStates is ignored",
			mutate: editQuery(isCourseWorkListCall, dropQuery("courseWorkStates")),
			rules:  []string{"coursework.list.states-filter"},
		},
		{
			name:   "orderBy is ignored",
			mutate: editQuery(isCourseWorkListCall, dropQuery("orderBy")),
			rules:  []string{"coursework.list.order-by"},
		},
		{
			name:   "patch applies the whole body whatever the updateMask",
			mutate: patchAppliesWholeBody(),
			rules:  []string{"coursework.patch.only-masked-fields", "coursework.patch.update-mask-required"},
		},
		{
			name:   "a snake_case updateMask is refused",
			mutate: snakeCaseMaskRefused(),
			rules:  []string{"coursework.patch.update-mask-snake-case"},
		},
		{
			name:   "delete answers the deleted course work instead of an empty object",
			mutate: answerWithResource(isDelete, func(p string) string { return p }),
			rules:  []string{"coursework.delete.empty-response"},
		},
		{
			name:   "associatedWithDeveloper false is written out",
			mutate: associatedWithDeveloperFalse(),
			rules:  []string{"coursework.associated-with-developer", "submissions.associated-with-developer"},
		},
		{
			name:   "a request without credentials acts as the teacher",
			mutate: anonymousAsTeacher(),
			rules:  []string{"auth.credentials-required"},
		},
		{
			name:   "submissions keep no history",
			mutate: submissionHistoryDropped(),
			rules:  []string{"reclaim.history"},
		},
		{
			name:   "a submission is found by its id whatever course and course work the path names",
			mutate: submissionByIDAlone(),
			rules:  []string{"reclaim.not-found", "submissions.get.not-found"},
		},
		{
			name:   "students' course work lists carry the teacher-only studentWorkFolder",
			mutate: studentWorkFolderInStudentLists(),
			rules:  []string{"coursework.assignment.student-work-folder"},
		},
		{
			name:   "a patch overwrites the creation time",
			mutate: patchOverwritesCreationTime(),
			rules:  []string{"coursework.read-only.server-set"},
		},
		{
			name:   "studentSubmissions.list ignores pageSize",
			mutate: editQuery(isSubmissionListCall, dropQuery("pageSize")),
			rules:  []string{"submissions.list.paging"},
		},
		{
			name:   "the fields system parameter is ignored",
			mutate: editQuery(func(*http.Request) bool { return true }, dropQuery("fields")),
			rules:  []string{"api.partial-response"},
		},
	}
}

// reencodeAnswers decodes and re-encodes every JSON object answer, as the mutants that edit
// answers do (key order and white space change, values do not).
func reencodeAnswers() middleware {
	return onResponse(func(r *http.Request, a *answer) bool {
		m := a.object()
		if m == nil {
			return false
		}
		a.setObject(m)
		return true
	})
}

// TestMutantsFail runs the whole embedded suite, with the real godog runner, against servers
// that each break one documented rule, and checks that every run fails, in scenarios of the rule
// the fault breaks. The control, the same plumbing without a fault, must pass.
func TestMutantsFail(t *testing.T) {
	fields, err := readDiscoveryFields("CourseWork", "ReclaimStudentSubmissionRequest",
		"TurnInStudentSubmissionRequest", "ReturnStudentSubmissionRequest")
	require.NoError(t, err)
	for _, m := range mutants(fields) {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			run := runAgainstMutant(t, m.mutate)
			if len(m.rules) == 0 {
				run.checkPasses(t)
				return
			}
			run.checkCaught(t, m)
		})
	}
}

// A mutantRun is the outcome of the suite against one mutant.
type mutantRun struct {
	res    *Result
	hits   int64  // how many requests or answers the mutant changed
	report string // the progress report
	took   time.Duration
}

// runAgainstMutant serves a new reference behind mutate on 127.0.0.1 and runs the whole suite
// against it as a live target with the built-in tokens, as `run --target URL` does.
func runAgainstMutant(t *testing.T, mutate middleware) mutantRun {
	t.Helper()
	var internal bytes.Buffer // log.Logger serialises its writes
	ref, err := reference.New(reference.Options{ErrorLog: log.New(&internal, "", 0)})
	require.NoError(t, err)
	var hits atomic.Int64
	srv := httptest.NewServer(mutate(ref, func() { hits.Add(1) }))
	var out bytes.Buffer
	start := time.Now()
	res, err := Run(t.Context(), Options{
		FS:          features.FS,
		TargetURL:   srv.URL,
		Formats:     []Format{{Name: "progress"}},
		Stdout:      &out,
		Concurrency: 4,
	})
	took := time.Since(start)
	srv.Close()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if internal.Len() > 0 {
		t.Errorf("the reference logged internal errors:\n%s", internal.String())
	}
	return mutantRun{res: res, hits: hits.Load(), report: out.String(), took: took}
}

// failedRules counts the failed scenarios of each rule.
func (r mutantRun) failedRules() map[string]int {
	m := map[string]int{}
	for _, s := range r.res.Scenarios {
		if s.Status != Failed {
			continue
		}
		for _, tag := range s.Tags {
			if rule, ok := strings.CutPrefix(tag, "@rule:"); ok {
				m[rule]++
			}
		}
	}
	return m
}

func (r mutantRun) checkPasses(t *testing.T) {
	t.Helper()
	for _, s := range r.res.Scenarios {
		if s.Status == Failed {
			t.Errorf("%s failed:\n%s", s.Scenario, s.Reason)
		}
	}
	if !r.res.OK() || r.res.ExitCode() != 0 || r.res.Passed == 0 {
		t.Errorf("exit %d with %d passed, %d failed:\n%s", r.res.ExitCode(), r.res.Passed, r.res.Failed, r.report)
	}
	if r.hits == 0 {
		t.Error("the middleware saw no answer to re-encode")
	}
	t.Logf("%d passed, %d skipped in %v", r.res.Passed, r.res.Skipped, r.took.Round(time.Millisecond))
}

func (r mutantRun) checkCaught(t *testing.T, m mutantCase) {
	t.Helper()
	if m.gap != "" && r.res.OK() {
		if r.hits == 0 {
			t.Skipf("feature gap: the mutant survives, and no scenario sends a request it changes (%s)", m.gap)
		}
		t.Skipf("feature gap: the mutant survives after changing %d exchanges (%s)", r.hits, m.gap)
	}
	if r.hits == 0 {
		t.Fatal("the mutant changed no request or answer: the suite never exercises the fault")
	}
	if r.res.OK() || r.res.ExitCode() != 1 || r.res.Failed == 0 {
		t.Fatalf("the suite passes against the mutant (exit %d, %d passed, %d failed, %d exchanges changed)",
			r.res.ExitCode(), r.res.Passed, r.res.Failed, r.hits)
	}
	caught := r.failedRules()
	for _, rule := range m.rules {
		if caught[rule] == 0 {
			t.Errorf("no scenario of @rule:%s failed; the failed rules are %s", rule, describeRules(caught))
		}
	}
	if t.Failed() {
		for _, s := range r.res.Scenarios {
			if s.Status == Failed {
				t.Logf("%s failed:\n%s", s.Scenario, s.Reason)
			}
		}
	}
	if m.gap != "" {
		t.Logf("the gap is closed: a scenario catches the mutant; drop the row's gap note")
	}
	t.Logf("%d of %d scenarios failed (%d exchanges changed) in %v: %s",
		r.res.Failed, len(r.res.Scenarios), r.hits, r.took.Round(time.Millisecond), describeRules(caught))
}

// describeRules lists rules with their failed scenario counts, most first.
func describeRules(counts map[string]int) string {
	rules := make([]string, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool {
		if counts[rules[i]] != counts[rules[j]] {
			return counts[rules[i]] > counts[rules[j]]
		}
		return rules[i] < rules[j]
	})
	parts := make([]string, len(rules))
	for i, r := range rules {
		parts[i] = r + " (" + strconv.Itoa(counts[r]) + ")"
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Mutants that keep state between requests or look at who is asking.

// submissionByIDAlone is a mutant that finds a submission by its id alone, ignoring the course
// and course work of the path: it learns where each submission lives from the answers, and
// rewrites the path of every request for a submission to its real place.
func submissionByIDAlone() middleware {
	return func(next http.Handler, hit func()) http.Handler {
		var mu sync.Mutex
		home := map[string][2]string{} // submission id -> course id, course work id
		learn := func(obj map[string]any) bool {
			id, _ := obj["id"].(string)
			course, _ := obj["courseId"].(string)
			work, _ := obj["courseWorkId"].(string)
			if isSubmission(obj) && id != "" && course != "" && work != "" {
				mu.Lock()
				home[id] = [2]string{course, work}
				mu.Unlock()
			}
			return false
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			m := submissionVerb.FindStringSubmatch(r.URL.Path)
			if m == nil {
				m = submissionItem.FindStringSubmatch(r.URL.Path)
			}
			if m != nil {
				mu.Lock()
				h, known := home[m[3]]
				mu.Unlock()
				if known && (h[0] != m[1] || h[1] != m[2]) {
					r = r.Clone(r.Context())
					r.URL.Path = "/v1/courses/" + h[0] + "/courseWork/" + h[1] + strings.TrimPrefix(r.URL.Path, "/v1/courses/"+m[1]+"/courseWork/"+m[2])
					r.URL.RawPath = ""
					r.RequestURI = r.URL.RequestURI()
					hit()
				}
			}
			a := capture(next, r)
			if obj := a.object(); obj != nil {
				walkObjects(obj, learn)
			}
			a.write(w)
		})
	}
}

func studentWorkFolderInStudentLists() middleware {
	// The list serialises course work with the teacher's view for every caller, while get
	// hides the folder from students.
	students := map[string]bool{BuiltinTokens()["student"]: true, BuiltinTokens()["other student"]: true}
	return onResponse(func(r *http.Request, a *answer) bool {
		if !isCourseWorkListCall(r) || !students[bearer(r)] {
			return false
		}
		m := a.object()
		changed := walkObjects(m, func(obj map[string]any) bool {
			as, ok := obj["assignment"].(map[string]any)
			if !isCourseWork(obj) || !ok && obj["workType"] != "ASSIGNMENT" {
				return false
			}
			if as == nil {
				as = map[string]any{}
				obj["assignment"] = as
			}
			if as["studentWorkFolder"] != nil {
				return false
			}
			as["studentWorkFolder"] = map[string]any{"id": fmt.Sprintf("0Bfolder%v", obj["id"])}
			return true
		})
		if changed {
			a.setObject(m)
		}
		return changed
	})
}

// patchOverwritesCreationTime is a server whose update writes the creation time along with the
// update time (an ORM "save" that sets both): after a patch, the course work reports the time
// of the patch as its creation time, in every later answer.
func patchOverwritesCreationTime() middleware {
	return func(next http.Handler, hit func()) http.Handler {
		var mu sync.Mutex
		created := map[string]any{} // course work id -> the creation time the server now reports
		rewrite := func(obj map[string]any) bool {
			id, _ := obj["id"].(string)
			if !isCourseWork(obj) || id == "" {
				return false
			}
			mu.Lock()
			t, ok := created[id]
			mu.Unlock()
			if !ok || obj["creationTime"] == t {
				return false
			}
			obj["creationTime"] = t
			return true
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a := capture(next, r)
			m := a.object()
			if m == nil || a.code != http.StatusOK {
				a.write(w)
				return
			}
			if r.Method == http.MethodPatch && courseWorkItem.MatchString(r.URL.Path) {
				if id, ok := m["id"].(string); ok && m["updateTime"] != nil {
					mu.Lock()
					created[id] = m["updateTime"]
					mu.Unlock()
				}
			}
			if walkObjects(m, rewrite) {
				hit()
				a.setObject(m)
			}
			a.write(w)
		})
	}
}
