package cassette

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette/internal/vcryaml"
)

// sampleInteraction is a Classroom exchange of realistic size: a courseWork get with a 1 KB
// answer.
func sampleInteraction(n int) *vcr.Interaction {
	body := fmt.Sprintf(`{"courseId":"123456","id":"%d","title":"Homework %d","description":%q,"state":"PUBLISHED","alternateLink":"https://classroom.google.com/c/MTIz/a/%d/details","creationTime":"2024-01-02T03:04:05.678Z","updateTime":"2024-01-02T03:04:05.678Z","maxPoints":100,"workType":"ASSIGNMENT","submissionModificationMode":"MODIFIABLE_UNTIL_TURNED_IN","assigneeMode":"ALL_STUDENTS","creatorUserId":"105"}`,
		n, n, strings.Repeat("Read the chapter and answer the questions. ", 14), n)
	return &vcr.Interaction{
		Request: vcr.Request{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: "classroom.googleapis.com", Method: "GET",
			URL: fmt.Sprintf("https://classroom.googleapis.com/v1/courses/123456/courseWork/%d?alt=json&prettyPrint=false", n),
			Headers: http.Header{
				"Authorization":       {"Bearer ya29.a0AfB_byC-secret-token-value-" + fmt.Sprint(n)},
				"User-Agent":          {"google-api-go-client/0.5"},
				"X-Goog-Api-Client":   {"gl-go/1.22.0 gdcl/0.150.0"},
				ActorHeader:           {"teacher"},
				"Accept-Encoding":     {"gzip"},
				"X-Cloud-Trace-Extra": {"x"},
			},
		},
		Response: vcr.Response{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Code: 200, Status: "200 OK", Body: body,
			ContentLength: int64(len(body)), Duration: 42 * time.Millisecond,
			Headers: http.Header{
				"Content-Type": {"application/json; charset=UTF-8"}, "Date": {"Tue, 02 Jan 2024 03:04:05 GMT"},
				"Server": {"ESF"}, "Vary": {"Origin", "X-Origin", "Referer"}, "X-Xss-Protection": {"0"},
			},
		},
	}
}

// writeSample saves a cassette of n sample interactions under dir and returns its path.
func writeSample(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("sample-%d.yaml", n))
	c := New(path, Options{MatchActor: true})
	for i := 0; i < n; i++ {
		c.Add(sampleInteraction(i))
	}
	if err := c.Save(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return path
}

var sampleFiles sync.Map // n -> path, shared by the benchmarks of one run

func sampleFile(b *testing.B, n int) string {
	if p, ok := sampleFiles.Load(n); ok {
		return p.(string)
	}
	dir, err := os.MkdirTemp("", "cassette-bench")
	if err != nil {
		b.Fatal(err)
	}
	p := writeSample(b, dir, n)
	sampleFiles.Store(n, p)
	return p
}

// BenchmarkLoad10k measures loading a 10,000-interaction cassette (about 20 MB), against
// go-vcr's own cassette.Load of the same file. The quality bar is under a second.
func BenchmarkLoad10k(b *testing.B) {
	path := sampleFile(b, 10000)
	b.Run("cassette.Load", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := Load(context.Background(), path, Options{MatchActor: true})
			if err != nil || c.Len() != 10000 {
				b.Fatal(c, err)
			}
		}
	})
	b.Run("go-vcr", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := vcr.Load(strings.TrimSuffix(path, ".yaml"))
			if err != nil || len(c.Interactions) != 10000 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSave10k measures encoding and writing a 10,000-interaction cassette atomically (the
// first save; later ones reuse the encoding of the interactions they have already written).
func BenchmarkSave10k(b *testing.B) {
	c, err := Load(context.Background(), sampleFile(b, 10000), Options{})
	if err != nil {
		b.Fatal(err)
	}
	c.path = filepath.Join(b.TempDir(), "out.yaml")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.rewrite, c.encoded = true, nil
		if err := c.Save(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeInteraction measures writing one recorded exchange as YAML.
func BenchmarkEncodeInteraction(b *testing.B) {
	c := New(os.DevNull, Options{})
	c.Add(sampleInteraction(1))
	i := c.Interactions()[0]
	w := bufio.NewWriter(io.Discard)
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		vcryaml.EncodeInteraction(w, i)
	}
}

// BenchmarkAdd measures redacting, keying and indexing one recorded exchange.
func BenchmarkAdd(b *testing.B) {
	c := New(os.DevNull, Options{})
	template := sampleInteraction(1)
	b.ReportAllocs()
	for n := 0; n < b.N; n++ {
		i := *template
		i.Request.Headers = template.Request.Headers.Clone()
		i.Response.Headers = template.Response.Headers.Clone()
		c.Add(&i)
	}
}
