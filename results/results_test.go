package results

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

func sample() *Run {
	start := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	return &Run{
		Kind:     KindRun,
		Versions: Versions{Tool: "v1.2.3", Suite: "sha256:abc", Discovery: "20261028"},
		Target:   "https://classroom.example.com/",
		Profile:  "vendor",
		Choices:  map[string]string{"coursework.default-state": "DRAFT"},
		Start:    start,
		End:      start.Add(2 * time.Second),
		Rules: []Rule{{ID: "reclaim.only-turned-in", Tier: Documented, Methods: []string{"classroom.courses.courseWork.studentSubmissions.reclaim"},
			Quote: "only for a student submission that has been turned in", Source: Source{Title: "reclaim", URL: "https://example.com/reclaim"}}},
		Scenarios: []Scenario{
			{Feature: "Reclaim", URI: "reclaim.feature", Line: 12, Name: "A", Tags: []string{"@rule:reclaim.only-turned-in"},
				Rules: []RuleRef{{ID: "reclaim.only-turned-in", Tier: Documented}}, Status: Passed, DurationMS: 12},
			{Feature: "Reclaim", URI: "reclaim.feature", Line: 30, Name: "B", Tags: []string{"@rule:reclaim.only-turned-in"},
				Rules: []RuleRef{{ID: "reclaim.only-turned-in", Tier: Documented}}, Status: Failed, Step: "the request fails with 400 FAILED_PRECONDITION",
				Message: "expected 400, got 409", Exchange: &Exchange{Method: "POST", URL: "/v1/courses/1/courseWork/2/studentSubmissions/3:reclaim", Status: 409, ResponseBody: `{"error":{}}`}},
			{Feature: "Reclaim", URI: "reclaim.feature", Line: 44, Name: "C", Tags: []string{}, Rules: []RuleRef{}, Status: Skipped, Reason: "profile has no token for actor outsider"},
			{Feature: "Reclaim", URI: "reclaim.feature", Line: 60, Name: "D", Tags: []string{}, Rules: []RuleRef{}, Status: NotRun},
		},
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, sample().Encode(&buf))
	got, err := Decode(&buf)
	require.NoError(t, err)
	want := sample()
	want.ResultsVersion = Version
	assert.Equal(t, want, got)
	assert.Equal(t, Counts{Passed: 1, Failed: 1, Skipped: 1, NotRun: 1}, got.Count())
}

func TestDecodeRefusesWhatItCannotRead(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, sample().Encode(&buf))
	good := buf.String()
	tests := []struct {
		name, data, want string
	}{
		{"not JSON", "{\"resultsVersion\": 1, ", "unexpected end of JSON input"},
		{"empty", "", "unexpected end of JSON input"},
		{"an array", "[]", "cannot unmarshal array"},
		{"no version", `{"kind":"run"}`, "no resultsVersion"},
		{"a newer version", strings.Replace(good, `"resultsVersion": 1`, `"resultsVersion": 2`, 1), "results version 2 (this tool reads version 1)"},
		{"an unknown field", strings.Replace(good, `"kind": "run"`, `"kind": "run", "colour": "blue"`, 1), `unknown field "colour"`},
		{"trailing data", good + "{}", "after top-level value"},
		{"an unknown status", strings.Replace(good, `"status": "passed"`, `"status": "flaky"`, 1), `unknown status "flaky"`},
		{"an unknown tier", strings.Replace(good, `"tier": "documented"`, `"tier": "rumoured"`, 1), `tier "rumoured"`},
		{"an unknown kind", strings.Replace(good, `"kind": "run"`, `"kind": "guess"`, 1), `kind "guess"`},
		{"no target", strings.Replace(good, `"target": "https://classroom.example.com/"`, `"target": ""`, 1), "no target"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.data))
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrFormat), "%v does not wrap ErrFormat", err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "shard-2.json")
	require.NoError(t, os.WriteFile(bad, []byte("{not json"), 0o644))
	_, err := ReadFile(bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "results "+bad+": ")
	assert.ErrorIs(t, err, ErrFormat)

	_, err = ReadFile(filepath.Join(dir, "missing.json"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing.json")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestWriteFileReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "results.json")
	require.NoError(t, WriteFile(path, sample()))
	got, err := ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "vendor", got.Profile)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestRedactMasksSecretsAndCutsBodies(t *testing.T) {
	token := "ya29.a0AfH6SMBx3exampleexampleexampleexample"
	long := `{"title":"` + strings.Repeat("é", MaxBody) + `"}`
	ex := Redact(Exchange{
		Method:       "GET",
		URL:          "/v1/courses?access_token=" + token + "&pageSize=1",
		RequestBody:  `{"refresh_token":"1//0abcdefghijklmnop","title":"x"}`,
		Status:       200,
		ContentType:  "application/json",
		ResponseBody: long,
	})
	assert.NotContains(t, ex.URL, token)
	assert.Contains(t, ex.URL, "pageSize=1")
	assert.NotContains(t, ex.RequestBody, "1//0abcdefghijklmnop")
	assert.Contains(t, ex.RequestBody, `"title":"x"`)
	assert.Equal(t, len(long), ex.ResponseBytes)
	assert.Less(t, len(ex.ResponseBody), MaxBody+100)
	assert.Contains(t, ex.ResponseBody, "bytes in all")
	assert.True(t, strings.HasPrefix(ex.ResponseBody, `{"title":"éé`))
	assert.NotContains(t, ex.ResponseBody, "\uFFFD", "the cut falls on a character boundary")

	assert.NotContains(t, Message("got Authorization: Bearer "+token), token)
}

func TestRefsOfTakesTheTierFromTheCatalogue(t *testing.T) {
	cat, err := rules.Load()
	require.NoError(t, err)
	var documented, inferred string
	for _, r := range cat.Rules {
		if r.Documented && documented == "" {
			documented = r.ID
		}
		if !r.Documented && inferred == "" {
			inferred = r.ID
		}
	}
	require.NotEmpty(t, inferred, "the catalogue has an inferred rule")
	refs := RefsOf([]string{"@rule:" + documented, "@wip", "@rule:" + inferred, "@rule:no.such-rule"}, cat)
	assert.Equal(t, []RuleRef{{documented, Documented}, {inferred, Inferred}, {"no.such-rule", Documented}}, refs)

	all := RulesOf(cat)
	require.Len(t, all, len(cat.Rules))
	assert.NotEmpty(t, all[0].Source.URL, "the source document is resolved")
}

// FuzzDecode: no input crashes the decoder, and whatever it accepts encodes to results it
// reads back the same.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := sample().Encode(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"resultsVersion":1,"kind":"run","target":"x","choices":{},"rules":[],"scenarios":[]}`))
	f.Add([]byte(`{"resultsVersion":2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := run.Encode(&out); err != nil {
			t.Fatalf("accepted results do not encode: %v", err)
		}
		again, err := Decode(&out)
		if err != nil {
			t.Fatalf("encoded results do not decode: %v\n%s", err, out.String())
		}
		var a, b bytes.Buffer
		run.Encode(&a)
		again.Encode(&b)
		if a.String() != b.String() {
			t.Fatalf("results change on a round trip:\n%s\n%s", a.String(), b.String())
		}
	})
}
