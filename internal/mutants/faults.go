package mutants

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The mutants that rewrite one request or one answer at a time. Each comment says why a
// vendor's server might behave so.

// FailedPreconditionAs409 answers FAILED_PRECONDITION with HTTP 409, a fault the suite catches in
// several rules, for tests that need a run with failures and their exchanges.
func FailedPreconditionAs409() Middleware {
	// HTTP 409 is what many REST servers use for a state conflict; Google maps FAILED_PRECONDITION
	// to 400. The code is rewritten in the envelope too, so only the mapping is wrong.
	return editError(func(a *Answer, e map[string]any) bool {
		if e["status"] != "FAILED_PRECONDITION" {
			return false
		}
		a.Code, e["code"] = http.StatusConflict, http.StatusConflict
		return true
	})
}

func notFoundAsPermissionDenied() Middleware {
	// Hiding whether something exists behind a 403 is a common security habit; Classroom
	// documents NOT_FOUND.
	return editError(func(a *Answer, e map[string]any) bool {
		if e["status"] != "NOT_FOUND" {
			return false
		}
		a.Code, e["code"], e["status"], e["message"] = http.StatusForbidden, http.StatusForbidden, "PERMISSION_DENIED", "The caller does not have permission"
		return true
	})
}

func envelopeWithoutStatus() Middleware {
	return editError(func(a *Answer, e map[string]any) bool {
		_, had := e["status"]
		delete(e, "status")
		return had
	})
}

func timestampsWithOffset() Middleware {
	// "+00:00" is valid RFC 3339 and what many JSON encoders write for UTC; Classroom documents
	// "RFC3339 UTC \"Zulu\" format".
	return editObjects(func(obj map[string]any) bool {
		changed := false
		for k, v := range obj {
			s, ok := v.(string)
			if !ok || !strings.HasSuffix(s, "Z") {
				continue
			}
			if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
				obj[k] = strings.TrimSuffix(s, "Z") + "+00:00"
				changed = true
			}
		}
		return changed
	})
}

func alternateLinkOnDrafts() Middleware {
	return editObjects(func(obj map[string]any) bool {
		if !isCourseWork(obj) || obj["state"] != "DRAFT" || obj["alternateLink"] != nil {
			return false
		}
		obj["alternateLink"] = fmt.Sprintf("https://classroom.google.com/c/%v/a/%v/details", obj["courseId"], obj["id"])
		return true
	})
}

func associatedWithDeveloperFalse() Middleware {
	// proto3 JSON encoders configured to emit defaults write false; Google leaves it out.
	return editObjects(func(obj map[string]any) bool {
		if !isCourseWork(obj) && !isSubmission(obj) || obj["associatedWithDeveloper"] != nil {
			return false
		}
		obj["associatedWithDeveloper"] = false
		return true
	})
}

func submissionHistoryDropped() Middleware {
	return editObjects(func(obj map[string]any) bool {
		if !isSubmission(obj) || obj["submissionHistory"] == nil {
			return false
		}
		delete(obj, "submissionHistory")
		return true
	})
}

func defaultStatePublished() Middleware {
	return editBody(func(r *http.Request) bool {
		return r.Method == http.MethodPost && courseWorkList.MatchString(r.URL.Path)
	}, func(m map[string]any) bool {
		if _, set := m["state"]; set {
			return false
		}
		m["state"] = "PUBLISHED"
		return true
	})
}

func titleTruncated() Middleware {
	// A database column of 3000 characters that silently truncates.
	return editBody(isCourseWorkWrite, func(m map[string]any) bool {
		title, ok := m["title"].(string)
		if !ok || utf8.RuneCountInString(title) <= 3000 {
			return false
		}
		m["title"] = string([]rune(title)[:3000])
		return true
	})
}

func maxPointsRounded() Middleware {
	return editBody(isCourseWorkWrite, func(m map[string]any) bool {
		n, ok := m["maxPoints"].(json.Number)
		if !ok {
			return false
		}
		f, err := n.Float64()
		if err != nil || f == math.Trunc(f) {
			return false
		}
		m["maxPoints"] = json.Number(strconv.FormatFloat(math.Round(f), 'f', -1, 64))
		return true
	})
}

// unknownFieldsDropped decodes bodies leniently, as a JSON decoder does by default: the fields
// the request message does not have are dropped instead of refused. courseWork holds the fields
// of CourseWork (create and patch), verbRequest those of the turnIn, reclaim and return requests.
func unknownFieldsDropped(courseWork, verbRequest map[string]bool) Middleware {
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		known := verbRequest
		switch {
		case isCourseWorkWrite(r):
			known = courseWork
		case r.Method != http.MethodPost || !submissionVerb.MatchString(r.URL.Path):
			return body, false
		}
		m := decodeObject(body)
		changed := false
		for k := range m {
			if !known[k] {
				delete(m, k)
				changed = true
			}
		}
		if !changed {
			return body, false
		}
		return encodeObject(m), true
	})
}

func patchAppliesWholeBody() Middleware {
	// A server that updates every field the body carries and never reads updateMask.
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if r.Method != http.MethodPatch || !courseWorkItem.MatchString(r.URL.Path) {
			return body, false
		}
		m := decodeObject(body)
		if len(m) == 0 {
			return body, false
		}
		q := r.URL.Query()
		mask := strings.Join(sortedKeys(m), ",")
		if q.Get("updateMask") == mask {
			return body, false
		}
		q.Set("updateMask", mask)
		r.URL.RawQuery = q.Encode()
		r.RequestURI = r.URL.RequestURI()
		return body, true
	})
}

func snakeCaseMaskRefused() Middleware {
	// A server that knows the JSON (camelCase) field names only.
	return func(next http.Handler, hit func()) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mask := r.URL.Query().Get("updateMask")
			if r.Method != http.MethodPatch || !courseWorkItem.MatchString(r.URL.Path) || !strings.Contains(mask, "_") {
				next.ServeHTTP(w, r)
				return
			}
			hit()
			a := &Answer{Code: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}}
			a.SetObject(map[string]any{"error": map[string]any{
				"code": http.StatusBadRequest, "status": "INVALID_ARGUMENT",
				"message": fmt.Sprintf("Invalid field mask %q.", mask),
			}})
			a.write(w)
		})
	}
}

func isCourseWorkListCall(r *http.Request) bool {
	return r.Method == http.MethodGet && courseWorkList.MatchString(r.URL.Path)
}

func isSubmissionListCall(r *http.Request) bool {
	return r.Method == http.MethodGet && submissionList.MatchString(r.URL.Path)
}

// isProjectBWrite selects the methods that must come from the project that created the course
// work: patch and delete of course work, turnIn, reclaim and return.
func isProjectBWrite(r *http.Request) bool {
	return r.Method == http.MethodPatch && courseWorkItem.MatchString(r.URL.Path) ||
		r.Method == http.MethodDelete && courseWorkItem.MatchString(r.URL.Path) ||
		r.Method == http.MethodPost && submissionVerb.MatchString(r.URL.Path)
}

func anonymousAsTeacher() Middleware {
	// A development server that authenticates everyone without credentials as a default user.
	teacher := builtinTokens()["teacher"]
	return OnRequest(func(r *http.Request, body []byte) ([]byte, bool) {
		if r.Header.Get("Authorization") != "" || r.URL.Query().Has("access_token") || r.URL.Query().Has("oauth_token") {
			return body, false
		}
		r.Header.Set("Authorization", "Bearer "+teacher)
		return body, true
	})
}
