package mutants

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Mutants that keep state between requests or look at who is asking.

// submissionByIDAlone is a mutant that finds a submission by its id alone, ignoring the course
// and course work of the path: it learns where each submission lives from the answers, and
// rewrites the path of every request for a submission to its real place.
func submissionByIDAlone() Middleware {
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
			if obj := a.Object(); obj != nil {
				walkObjects(obj, learn)
			}
			a.write(w)
		})
	}
}

func studentWorkFolderInStudentLists() Middleware {
	// The list serialises course work with the teacher's view for every caller, while get
	// hides the folder from students.
	students := map[string]bool{builtinTokens()["student"]: true, builtinTokens()["other student"]: true}
	return OnResponse(func(r *http.Request, a *Answer) bool {
		if !isCourseWorkListCall(r) || !students[bearer(r)] {
			return false
		}
		m := a.Object()
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
			a.SetObject(m)
		}
		return changed
	})
}

// patchOverwritesCreationTime is a server whose update writes the creation time along with the
// update time (an ORM "save" that sets both): after a patch, the course work reports the time
// of the patch as its creation time, in every later answer.
func patchOverwritesCreationTime() Middleware {
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
			m := a.Object()
			if m == nil || a.Code != http.StatusOK {
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
				a.SetObject(m)
			}
			a.write(w)
		})
	}
}
