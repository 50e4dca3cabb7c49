package discovery_test

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// TestValidatorAnswers covers answers as upstreams send them through a proxy: compressed,
// without a body, and from paths the document does not describe.
func TestValidatorAnswers(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		path     string
		status   int
		encoding string
		body     []byte
		want     []string
	}{
		{"a gzipped answer is checked uncompressed", "GET", "/v1/courses/1", 200, "gzip", gzipped(`{"id":"1","courseState":"OPEN"}`),
			[]string{`classroom.courses.get response $.courseState: "OPEN" is not one of COURSE_STATE_UNSPECIFIED, ACTIVE, ARCHIVED, PROVISIONED, DECLINED, SUSPENDED`}},
		{"a gzipped conforming answer", "GET", "/v1/courses/1", 200, "gzip", gzipped(`{"id":"1"}`), nil},
		{"a coding the standard library cannot undo is not checked", "GET", "/v1/courses/1", 200, "br", []byte{0x1b, 0x2}, nil},
		{"no content", "DELETE", "/v1/courses/1", 204, "", nil, nil},
		{"a path the document does not describe", "GET", "/healthz", 200, "", []byte("ok"), nil},
		{"a plain answer that is not JSON", "GET", "/v1/courses/1", 200, "", []byte("<html>"),
			[]string{"classroom.courses.get response $: not JSON: invalid character '<' looking for beginning of value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var found []string
			v := &discovery.Validator{Doc: doc(t), Report: func(f discovery.Finding) { found = append(found, f.String()) },
				Next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json; charset=UTF-8")
					if tt.encoding != "" {
						w.Header().Set("Content-Encoding", tt.encoding)
					}
					w.WriteHeader(tt.status)
					w.Write(tt.body)
				})}
			rec := httptest.NewRecorder()
			v.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			assert.Equal(t, tt.status, rec.Code)
			assert.Equal(t, tt.want, found)
		})
	}
}

// TestValidatorPassesRequestsOn checks that the server gets the request body whole, checked or
// not, and that a gzipped request is checked uncompressed.
func TestValidatorPassesRequestsOn(t *testing.T) {
	var got []byte
	var found []string
	v := &discovery.Validator{Doc: doc(t), Report: func(f discovery.Finding) { found = append(found, f.String()) },
		Next: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b bytes.Buffer
			b.ReadFrom(r.Body)
			got = b.Bytes()
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"id":"1","name":"N"}`))
		})}
	body := gzipped(`{"name":"N","colour":"red"}`)
	req := httptest.NewRequest("POST", "/v1/courses", bytes.NewReader(body))
	req.Header.Set("Content-Encoding", "gzip")
	v.ServeHTTP(httptest.NewRecorder(), req)
	assert.Equal(t, body, got)
	assert.Equal(t, []string{"classroom.courses.create request $.colour: unknown field of Course"}, found)

	big := `{"name":"` + strings.Repeat("x", 9<<20) + `"}`
	req = httptest.NewRequest("POST", "/v1/courses", strings.NewReader(big))
	req.ContentLength = -1
	v.ServeHTTP(httptest.NewRecorder(), req)
	require.Len(t, got, len(big), "a body too large to check still reaches the server whole")
	assert.Equal(t, int64(1), v.Findings(), "the large body is not checked, the answer conforms")
}
