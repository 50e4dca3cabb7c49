package vcryaml

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/yaml.v3"
)

// trickyStrings are values whose YAML form is easy to get wrong.
var trickyStrings = []string{
	"", " ", "  leading", "trailing ", "a: b", "a:b", "a #b", "a#b", "#x", "- x", "-x", "-", "?", ":",
	"null", "Null", "~", "true", "False", "yes", "off", "y", "N", "0", "1", "-1", "+1", "1.5", ".5", "1e3",
	"0x1F", "0o17", "1_000", "1:20", "2001-12-14", "2001-12-14t21:59:43.10-05:00", ".inf", ".NaN",
	"200 OK", "Thu, 18 Aug 2022 19:51:11 GMT", "application/json; charset=UTF-8",
	`{"id":"1","title":"x"}`, `[1,2]`, "'quoted'", `"dq"`, `back\slash`, "tab\there", "cr\rlf",
	"line\n", "line", "two\nlines", "two\nlines\n", "ends\n\n", "\n", "\n\n", "\nlead", " \nlead-space",
	"a\n\n\nb", "a\n  indented\nb", "x\n   \ny", "trailing spaces  \nnext", "\x00nul", "\x1b[0m", "del\x7f",
	"é accent", "日本語", "emoji 🎉", "nel\u0085", "ls\u2028", "bom\ufeff", "c1\u0090", "\ufffe",
	"%percent", "@at", "`tick", "&anchor", "*alias", "!tag", "|pipe", ">fold", "[x", "{x", ",x",
	"<<", "=", "a,b", "a]b", "https://classroom.googleapis.com/v1/courses?pageSize=10&alt=json",
	"{\n  \"id\": \"1\",\n  \"title\": \"Pretty\"\n}\n", "\xff\xfe invalid utf-8", "\t", "x\ty\n\tz",
	strings.Repeat("long ", 200),
}

func interactionWith(s string) *vcr.Interaction {
	return &vcr.Interaction{
		ID: 3,
		Request: vcr.Request{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: int64(len(s)),
			TransferEncoding: []string{s}, Trailer: http.Header{"X-T": {s}},
			Host: s, RemoteAddr: s, RequestURI: s, Body: s,
			Form:    url.Values{s: {s, s}},
			Headers: http.Header{"Content-Type": {"application/json"}, s: {s}, "Empty": {}},
			URL:     s, Method: s,
		},
		Response: vcr.Response{
			Proto: s, ProtoMajor: 1, ProtoMinor: 1, TransferEncoding: nil, Trailer: nil, ContentLength: -1,
			Uncompressed: true, Body: s, Headers: http.Header{"X": {s, "", s}}, Status: s, Code: 200,
			Duration: 1500 * time.Microsecond,
		},
	}
}

// recordedWith is a recording as go-vcr makes one, with s in the values that vary in practice.
func recordedWith(s string) *vcr.Interaction {
	hv := s
	if strings.ContainsAny(s, "\r\n") {
		hv = "no line breaks in header values"
	}
	return &vcr.Interaction{
		Request: vcr.Request{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: s, Body: s, URL: s, Method: "POST",
			Headers: http.Header{"Content-Type": {"application/json"}, "X-Value": {hv}},
		},
		Response: vcr.Response{
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Body: s, Status: s, Code: 200,
			Headers: http.Header{"Content-Type": {"application/json; charset=UTF-8"}, "Vary": {"Origin", hv}},
		},
	}
}

// decodeBoth decodes data with yaml.v3 and with the fast reader.
func decodeBoth(t *testing.T, data []byte) (slow, fast *Document, fastErr error) {
	t.Helper()
	var doc Document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("yaml.v3 cannot read what was written: %v\n%s", err, data)
	}
	f, err := Decode(data)
	return &doc, f, err
}

func encodeOne(i *vcr.Interaction) []byte {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	EncodeCassette(w, []*vcr.Interaction{i})
	w.Flush()
	return b.Bytes()
}

func checkRoundTrip(t *testing.T, s string) {
	t.Helper()
	in := interactionWith(s)
	data := encodeOne(in)
	slow, fast, err := decodeBoth(t, data)
	if err != nil {
		t.Fatalf("fast reader rejects the writer's output for %q: %v\n%s", s, err, data)
	}
	if !reflect.DeepEqual(slow, fast) {
		t.Fatalf("fast reader and yaml.v3 disagree for %q\nfast: %#v\nslow: %#v\n%s", s, fast.Interactions[0], slow.Interactions[0], data)
	}
	got := slow.Interactions[0]
	key := strings.ToValidUTF8(s, "\uFFFD") // keys that are not UTF-8 cannot be written as they are
	for name, v := range map[string]string{
		"body": got.Request.Body, "url": got.Request.URL, "host": got.Request.Host, "status": got.Response.Status,
		"header": got.Request.Headers[key][0], "form": got.Request.Form[key][1], "response body": got.Response.Body,
		"transfer encoding": got.Request.TransferEncoding[0], "response header": got.Response.Headers["X"][2],
	} {
		if v != s {
			t.Errorf("%s: wrote %q, read back %q\n%s", name, s, v, data)
		}
	}
	if got.Response.Duration != in.Response.Duration || got.ID != in.ID || got.Response.ContentLength != -1 || !got.Response.Uncompressed {
		t.Errorf("scalars changed: %+v", got.Response)
	}
}

func TestWrittenStringsReadBackUnchanged(t *testing.T) {
	for _, s := range trickyStrings {
		t.Run(fmt.Sprintf("%.20q", s), func(t *testing.T) { checkRoundTrip(t, s) })
	}
}

func FuzzWrittenStringsReadBackUnchanged(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkRoundTrip(t, s) })
}

// The fast reader must agree with yaml.v3 on what go-vcr itself writes (yaml.Marshal), or give
// way to it.
func TestFastReaderAgreesOnGoVCROutput(t *testing.T) {
	fastRead := 0
	for _, s := range trickyStrings {
		c := &Document{Version: 2, Interactions: []*vcr.Interaction{recordedWith(s), recordedWith(s + " again")}}
		data, err := yaml.Marshal(c)
		require.NoError(t, err)
		if yaml.Unmarshal(data, new(Document)) != nil {
			continue // yaml.v3 cannot read its own output for this string; go-vcr could not either
		}
		slow, fast, err := decodeBoth(t, data)
		if err != nil {
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("fast reader error is not ErrUnsupported: %v", err)
			}
			continue
		}
		fastRead++
		checkEach(t, data, fast)
		if !reflect.DeepEqual(slow, fast) {
			t.Fatalf("fast reader and yaml.v3 disagree on go-vcr output for %q\n%s", s, data)
		}
	}
	if fastRead < len(trickyStrings)*3/4 {
		t.Errorf("fast reader handled only %d of %d go-vcr documents", fastRead, len(trickyStrings))
	}
}

// Whatever the input, decode does not panic, and when the fast reader accepts a Document
// yaml.v3 reads the same thing from it.
func FuzzDecodeAgreesWithYAMLv3(f *testing.F) {
	for _, s := range trickyStrings {
		f.Add(encodeOne(interactionWith(s)))
	}
	f.Add([]byte("---\nversion: 2\ninteractions: []\n"))
	f.Add([]byte("version: 2\ninteractions:\n- id: 0\n  request:\n    body: |\n      x\n    headers:\n      A:\n      - b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, err := Decode(data)
		if err != nil {
			return
		}
		var slow Document
		if err := yaml.Unmarshal(data, &slow); err != nil {
			t.Fatalf("fast reader accepts what yaml.v3 rejects (%v):\n%q", err, data)
		}
		if !reflect.DeepEqual(&slow, fast) {
			t.Fatalf("fast reader and yaml.v3 disagree:\n%q\nfast: %s\nslow: %s", data, dump(fast), dump(&slow))
		}
		checkEach(t, data, fast)
	})
}

// checkEach holds DecodeEach and DecodeEntry to what Decode read from data.
func checkEach(t *testing.T, data []byte, want *Document) {
	t.Helper()
	var got []*vcr.Interaction
	version, err := DecodeEach(data, func(i *vcr.Interaction, sp Span) error {
		again, err := DecodeEntry(data, sp)
		if err != nil {
			return fmt.Errorf("entry at line %d: %w", sp.Line, err)
		}
		if !reflect.DeepEqual(i, again) {
			return fmt.Errorf("entry at line %d reads differently again", sp.Line)
		}
		answer, err := DecodeAnswer(data, sp)
		if err != nil {
			return fmt.Errorf("answer at line %d: %w", sp.Line, err)
		}
		if answer.ID != i.ID || !reflect.DeepEqual(answer.Response, i.Response) || !reflect.DeepEqual(answer.Request, vcr.Request{}) {
			return fmt.Errorf("answer at line %d reads differently", sp.Line)
		}
		got = append(got, i)
		return nil
	})
	if err != nil {
		t.Fatalf("DecodeEach: %v\n%q", err, data)
	}
	if version != want.Version || len(got) != len(want.Interactions) || len(got) > 0 && !reflect.DeepEqual(got, want.Interactions) {
		t.Fatalf("DecodeEach and Decode disagree:\n%q", data)
	}
}

func dump(d *Document) string {
	s := fmt.Sprintf("version %d, %d interactions", d.Version, len(d.Interactions))
	for _, i := range d.Interactions {
		if i == nil {
			s += "\n  <nil>"
			continue
		}
		s += fmt.Sprintf("\n  %#v", *i)
	}
	return s
}

func yamlUnmarshal(data []byte, v any) error { return yaml.Unmarshal(data, v) }

func TestPrintableASCII(t *testing.T) {
	naive := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] >= 0x7f {
				return false
			}
		}
		return true
	}
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 17; pos++ {
			b := []byte(strings.Repeat("{", 17))
			b[pos] = byte(c)
			if got, want := printableASCII(string(b)), naive(string(b)); got != want {
				t.Fatalf("byte %#x at %d: got %v, want %v", c, pos, got, want)
			}
		}
	}
}

// A go-vcr v3.2.0 cassette kept as a fixture: its format must stay readable, by the fast reader.
func TestLoadsGoVCRFixture(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "go-vcr-v3.2.0.yaml"))
	require.NoError(t, err)
	fast, err := Decode(data)
	if err != nil {
		t.Fatalf("fast reader: %v", err)
	}
	var want Document
	if err := yamlUnmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, &want) {
		t.Error("fast reader and yaml.v3 disagree on the fixture")
	}
	if len(fast.Interactions) != 3 || fast.Interactions[2].Response.Code != 404 {
		t.Errorf("fixture: %s", dump(fast))
	}
}
