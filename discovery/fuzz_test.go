package discovery_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

// FuzzCheckBody feeds any bytes as the body of a request and of an answer: the check never
// panics, and it calls a body "not JSON" exactly when encoding/json does.
func FuzzCheckBody(f *testing.F) {
	for _, seed := range []string{
		`{"title":"T","workType":"ASSIGNMENT","maxPoints":10,"dueDate":{"year":2030}}`,
		`{"materials":[{"link":{"url":"u"}},{"youtubeVideo":{"id":"x"}}],"assigneeMode":"INDIVIDUAL_STUDENTS"}`,
		`{"title":"\u00e9\"","state":"PUB\u004cISHED","creationTime":"2026-01-05T09:00:00Z"}`,
		`{"error":{"code":404,"message":"m","status":"NOT_FOUND"}}`,
		`[1,2,{"a":null}]`, `-0.5e+3`, `{"a":}`, `{"a" 1}`, `"\ud800"`, ``, `  `, `{} {}`,
	} {
		f.Add(seed)
	}
	d, err := discovery.Load()
	if err != nil {
		f.Fatal(err)
	}
	create := d.Methods["classroom.courses.courseWork.create"]
	f.Fuzz(func(t *testing.T, body string) {
		c := discovery.Call{Method: create, Params: map[string]string{"courseId": "1"}}
		notJSON := func(fs []discovery.Finding) bool {
			for _, f := range fs {
				if strings.HasPrefix(f.Problem, "not JSON") {
					if len(fs) != 1 {
						t.Fatalf("a body that is not JSON has other findings too: %v", fs)
					}
					return true
				}
			}
			return false
		}
		valid := json.Valid([]byte(body))
		if strings.TrimSpace(body) != "" {
			if got := notJSON(d.CheckRequest(c, "", []byte(body))); got == valid {
				t.Fatalf("request %q: not JSON %v, json.Valid %v", body, got, valid)
			}
		}
		if got := notJSON(d.CheckResponse(create, 200, "application/json", []byte(body))); got == valid {
			t.Fatalf("response %q: not JSON %v, json.Valid %v", body, got, valid)
		}
		d.CheckResponse(create, 503, "application/json", []byte(body))
	})
}
