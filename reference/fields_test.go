package reference

import (
	"encoding/json"
	"testing"
)

func TestPartialResponse(t *testing.T) {
	doc := map[string]any{
		"courseWork": []any{
			map[string]any{"id": "1", "title": "A", "dueDate": map[string]any{"year": 2030, "month": 1}},
			map[string]any{"id": "2", "title": "B"},
		},
		"nextPageToken": "t",
	}
	tests := []struct {
		fields, want string
	}{
		{"nextPageToken", `{"nextPageToken":"t"}`},
		{"courseWork(id)", `{"courseWork":[{"id":"1"},{"id":"2"}]}`},
		{"courseWork/id,nextPageToken", `{"courseWork":[{"id":"1"},{"id":"2"}],"nextPageToken":"t"}`},
		{"courseWork(dueDate/year)", `{"courseWork":[{"dueDate":{"year":2030}},{}]}`},
		{"courseWork,courseWork/id", `{"courseWork":[{"dueDate":{"month":1,"year":2030},"id":"1","title":"A"},{"id":"2","title":"B"}]}`},
		{"missing", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.fields, func(t *testing.T) {
			got, err := partial(doc, tt.fields)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(got)
			if string(data) != tt.want {
				t.Fatalf("got %s, want %s", data, tt.want)
			}
		})
	}
	for _, bad := range []string{"a(b", "a,,b", "(a)", "a/", "a)b"} {
		if _, err := partial(doc, bad); err == nil || err.Status != "INVALID_ARGUMENT" {
			t.Errorf("selector %q: got %v, want INVALID_ARGUMENT", bad, err)
		}
	}
}

func TestPartialResponseOverHTTP(t *testing.T) {
	h := newHarness(t, Options{})
	h.activeCourse()
	r := h.must("teacher", "GET", "/v1/courses?fields=courses(id,courseState)", "")
	for _, c := range r.Body["courses"].([]any) {
		m := c.(map[string]any)
		if len(m) != 2 || m["id"] == nil || m["courseState"] != "ACTIVE" {
			t.Fatalf("partial course %v", m)
		}
	}
	wantError(t, h.do("teacher", "GET", "/v1/courses?fields=courses(id", ""), 400, "INVALID_ARGUMENT")
}
