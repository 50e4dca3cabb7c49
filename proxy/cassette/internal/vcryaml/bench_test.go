package vcryaml

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"
)

// BenchmarkEncode compares writing one recorded 1 KB exchange with this package and with
// yaml.v3 (as go-vcr does), the measurement behind keeping a writer of our own.
func BenchmarkEncode(b *testing.B) {
	body := `{"courseId":"123456","id":"1","title":"Homework","description":"` + strings.Repeat("Read the chapter. ", 50) + `"}`
	i := &vcr.Interaction{
		Request: vcr.Request{Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Method: "GET",
			URL:     "https://classroom.googleapis.com/v1/courses/123456/courseWork/1?alt=json",
			Headers: http.Header{"Authorization": {"Bearer REDACTED"}, "User-Agent": {"google-api-go-client/0.5"}}},
		Response: vcr.Response{Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Code: 200, Status: "200 OK", Body: body,
			Duration: 42 * time.Millisecond, Headers: http.Header{"Content-Type": {"application/json; charset=UTF-8"}}},
	}
	b.Run("vcryaml", func(b *testing.B) {
		w := bufio.NewWriter(io.Discard)
		b.ReportAllocs()
		for n := 0; n < b.N; n++ {
			EncodeInteraction(w, i)
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for n := 0; n < b.N; n++ {
			var buf bytes.Buffer
			e := yaml.NewEncoder(&buf)
			e.SetIndent(4)
			if err := e.Encode(&Document{Version: 2, Interactions: []*vcr.Interaction{i}}); err != nil {
				b.Fatal(err)
			}
			e.Close()
		}
	})
}
