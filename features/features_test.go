package features

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
	"github.com/stretchr/testify/require"
)

// The tests below check the features without running them: they parse as Gherkin, they use only
// the step vocabulary of docs/steps.md, their JSON is JSON, every variable is set before it is
// used, and every scenario builds its own course.

type pickled struct {
	file   string
	pickle *messages.Pickle
}

func pickles(t *testing.T) []pickled {
	t.Helper()
	entries, err := FS.ReadDir(".")
	require.NoError(t, err)
	var out []pickled
	for _, e := range entries {
		data, err := FS.ReadFile(e.Name())
		require.NoError(t, err)
		ids := &messages.Incrementing{}
		doc, err := gherkin.ParseGherkinDocument(strings.NewReader(string(data)), ids.NewId)
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
			continue
		}
		for _, p := range gherkin.Pickles(*doc, e.Name(), ids.NewId) {
			out = append(out, pickled{e.Name(), p})
		}
	}
	if len(out) == 0 {
		t.Fatal("no scenario in the embedded features")
	}
	return out
}

func TestEmbeddedFeatures(t *testing.T) {
	want := []string{
		"aliases", "auth_scopes", "coursework_create", "coursework_defaults_readonly", "coursework_delete",
		"coursework_get", "coursework_list", "coursework_modify_assignees", "coursework_patch",
		"coursework_validation", "coursework_visibility", "developer_project", "error_envelope",
		"reclaim", "submissions",
	}
	for _, name := range want {
		if _, err := FS.Open(name + ".feature"); err != nil {
			t.Errorf("%s.feature is not embedded: %v", name, err)
		}
	}
	onDisk, err := os.ReadDir(".")
	require.NoError(t, err)
	for _, e := range onDisk {
		if strings.HasSuffix(e.Name(), ".feature") {
			if _, err := FS.Open(e.Name()); err != nil {
				t.Errorf("%s is on disk but not embedded", e.Name())
			}
		}
	}
}

// vocabulary is the step vocabulary of docs/steps.md, generalised into patterns.
type vocabulary struct {
	patterns []*regexp.Regexp
	docs     []bool     // whether the step of the same index takes a doc string
	sets     [][]string // the variables the step of the same index remembers (fixtures)
}

var (
	quotedArg   = regexp.MustCompile(`"[^"]*"`)
	number      = regexp.MustCompile(`-?\b\d+\b`)
	comment     = regexp.MustCompile(`\s{2,}#\s*(.*)$`)
	variable    = regexp.MustCompile(`\{([A-Za-z][A-Za-z0-9]*)\}`)
	actorCell   = regexp.MustCompile("`([^`]+)`")
	keyword     = regexp.MustCompile(`^(Given|When|Then|And|But) `)
	rememberAs  = regexp.MustCompile(`^I remember the response field "[^"]*" as "([^"]*)"$`)
	generatedAs = regexp.MustCompile(`^"([^"]*)" is `)
)

func loadVocabulary(t *testing.T) *vocabulary {
	t.Helper()
	f, err := os.Open("../docs/steps.md")
	require.NoError(t, err)
	defer f.Close()
	var actors []string
	var lines []string
	inActors, inGherkin := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			inActors = strings.Contains(line, "Actors")
		case strings.HasPrefix(line, "```gherkin"):
			inGherkin = true
		case strings.HasPrefix(line, "```"):
			inGherkin = false
		case inActors && strings.HasPrefix(line, "| `"):
			cell := strings.Split(line, "|")[1]
			for _, m := range actorCell.FindAllStringSubmatch(cell, -1) {
				actors = append(actors, m[1])
			}
		case inGherkin && keyword.MatchString(strings.TrimSpace(line)):
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	require.NoError(t, sc.Err())
	if len(actors) < 8 || len(lines) < 20 {
		t.Fatalf("docs/steps.md: found %d actors and %d example steps; has its layout changed?", len(actors), len(lines))
	}
	// Longest first, so "the teacher via project B" is not read as "the teacher".
	sort.Slice(actors, func(i, j int) bool { return len(actors[i]) > len(actors[j]) })
	var alts []string
	for _, a := range actors {
		alts = append(alts, regexp.QuoteMeta(a))
	}
	actorPattern := "(?:" + strings.Join(alts, "|") + ")"

	v := &vocabulary{}
	for _, line := range lines {
		var vars []string
		if m := comment.FindStringSubmatch(line); m != nil {
			for _, vm := range variable.FindAllStringSubmatch(m[1], -1) {
				vars = append(vars, vm[1])
			}
			line = strings.TrimSpace(line[:len(line)-len(m[0])])
		}
		line = keyword.ReplaceAllString(line, "")
		if generatedAs.MatchString(line) {
			vars = nil // the generated variable is the one the step names
		}
		v.add(line, vars, actors, actorPattern)
	}
	return v
}

func (v *vocabulary) add(line string, vars, actors []string, actorPattern string) {
	var b strings.Builder
	b.WriteString("^")
	rest := line
	if strings.Contains(line, ` sends "`) {
		for _, a := range actors {
			if strings.HasPrefix(line, a+" ") {
				b.WriteString(actorPattern)
				rest = line[len(a):]
				break
			}
		}
	}
	if i := strings.Index(rest, "the JSON value "); i >= 0 {
		b.WriteString(generalise(rest[:i+len("the JSON value ")]))
		b.WriteString(".+")
	} else {
		b.WriteString(generalise(rest))
	}
	b.WriteString("$")
	v.patterns = append(v.patterns, regexp.MustCompile(b.String()))
	v.docs = append(v.docs, strings.HasSuffix(line, ":"))
	v.sets = append(v.sets, vars)
}

// generalise turns an example step into a pattern: quoted arguments and numbers become
// parameters, and so does the status name after "fails with <code>".
func generalise(s string) string {
	var b strings.Builder
	last := 0
	for _, loc := range quotedArg.FindAllStringIndex(s, -1) {
		b.WriteString(generaliseBare(s[last:loc[0]]))
		b.WriteString(`"[^"]*"`)
		last = loc[1]
	}
	b.WriteString(generaliseBare(s[last:]))
	return b.String()
}

var statusName = regexp.MustCompile(`fails with -\?\\d\+ [A-Z_]+`)

func generaliseBare(s string) string {
	q := regexp.QuoteMeta(s)
	q = number.ReplaceAllString(q, `-?\d+`)
	return statusName.ReplaceAllString(q, `fails with -?\d+ [A-Z_]+`)
}

func (v *vocabulary) match(text string) (int, bool) {
	for i, p := range v.patterns {
		if p.MatchString(text) {
			return i, true
		}
	}
	return -1, false
}

func TestStepsUseTheVocabulary(t *testing.T) {
	v := loadVocabulary(t)
	for _, pk := range pickles(t) {
		for _, st := range pk.pickle.Steps {
			i, ok := v.match(st.Text)
			if !ok {
				t.Errorf("%s %q: step is not in docs/steps.md: %s", pk.file, pk.pickle.Name, st.Text)
				continue
			}
			hasDoc := st.Argument != nil && st.Argument.DocString != nil
			if hasDoc != v.docs[i] {
				t.Errorf("%s %q: step %q: doc string present = %v, the vocabulary says %v", pk.file, pk.pickle.Name, st.Text, hasDoc, v.docs[i])
			}
			if st.Argument != nil && st.Argument.DataTable != nil {
				t.Errorf("%s %q: step %q has a data table; the vocabulary has none", pk.file, pk.pickle.Name, st.Text)
			}
		}
	}
}

func TestJSONIsJSON(t *testing.T) {
	jsonValue := regexp.MustCompile(`is the JSON value (.+)$`)
	valid := func(s string) bool { return json.Valid([]byte(variable.ReplaceAllString(s, "0"))) }
	for _, pk := range pickles(t) {
		for _, st := range pk.pickle.Steps {
			if m := jsonValue.FindStringSubmatch(st.Text); m != nil && !valid(m[1]) {
				t.Errorf("%s %q: %q is not a JSON literal", pk.file, pk.pickle.Name, m[1])
			}
			if st.Argument == nil || st.Argument.DocString == nil {
				continue
			}
			ds := st.Argument.DocString
			if ds.MediaType == "json" && !valid(ds.Content) {
				t.Errorf("%s %q: doc string marked json is not JSON:\n%s", pk.file, pk.pickle.Name, ds.Content)
			}
			if ds.MediaType == "" && valid(ds.Content) {
				t.Errorf("%s %q: doc string is JSON; mark it \"\"\"json:\n%s", pk.file, pk.pickle.Name, ds.Content)
			}
		}
	}
}

func TestVariablesAreSetBeforeUse(t *testing.T) {
	v := loadVocabulary(t)
	for _, pk := range pickles(t) {
		set := map[string]bool{}
		for _, st := range pk.pickle.Steps {
			text := st.Text
			used := text
			if st.Argument != nil && st.Argument.DocString != nil {
				used += "\n" + st.Argument.DocString.Content
			}
			for _, m := range variable.FindAllStringSubmatch(used, -1) {
				if !set[m[1]] {
					t.Errorf("%s %q: {%s} is used before any step sets it: %s", pk.file, pk.pickle.Name, m[1], text)
				}
			}
			if i, ok := v.match(text); ok {
				for _, name := range v.sets[i] {
					set[name] = true
				}
			}
			if m := rememberAs.FindStringSubmatch(text); m != nil {
				set[m[1]] = true
			}
			if m := generatedAs.FindStringSubmatch(text); m != nil {
				set[m[1]] = true
			}
		}
	}
}

func TestEveryScenarioBuildsItsOwnCourse(t *testing.T) {
	alias := regexp.MustCompile(`[pd]:[^/"]*`)
	for _, pk := range pickles(t) {
		steps := pk.pickle.Steps
		if len(steps) == 0 || steps[0].Text != "a course owned by the teacher" {
			t.Errorf("%s %q: the first step must be %q, so that scenarios are isolated", pk.file, pk.pickle.Name, "a course owned by the teacher")
		}
		for _, st := range steps {
			text := st.Text
			if st.Argument != nil && st.Argument.DocString != nil {
				text += st.Argument.DocString.Content
			}
			for _, a := range alias.FindAllString(text, -1) {
				if !strings.Contains(a, "{courseId}") {
					t.Errorf("%s %q: alias %q must derive from {courseId} to be unique per scenario", pk.file, pk.pickle.Name, a)
				}
			}
		}
	}
}

func TestScenarioNamesAreUniquePerFile(t *testing.T) {
	seen := map[string]bool{}
	for _, pk := range pickles(t) {
		key := pk.file + ": " + pk.pickle.Name
		if seen[key] {
			t.Errorf("%s: two scenarios are named %q; reports could not tell them apart", pk.file, pk.pickle.Name)
		}
		seen[key] = true
	}
}

func TestVocabularyPatterns(t *testing.T) {
	v := loadVocabulary(t)
	tests := []struct {
		step string
		want bool
	}{
		{`the teacher via project B sends "PATCH" to "/v1/courses/{courseId}/courseWork/{courseWorkId}?updateMask=title" with:`, true},
		{`an anonymous caller sends "GET" to "/v1/courses"`, true},
		{`the request fails with 401 UNAUTHENTICATED`, true},
		{`the request fails with 403 PERMISSION_DENIED and message prefix "@ProjectPermissionDenied"`, true},
		{`the response field "dueTime" is the JSON value {"hours": 23, "minutes": 30}`, true},
		{`"title" is 3001 repetitions of "é"`, true},
		{`the other student's submission for the assignment`, true},
		{`the response field "courseWork" has 1 items`, true},
		{`the headmaster sends "GET" to "/v1/courses"`, false},
		{`the teacher sends GET to /v1/courses`, false},
		{`the request fails with FAILED_PRECONDITION`, false},
		{`the response status is ok`, false},
		{`a published quiz in the course`, false},
		{`the student has turned in their submission twice`, false},
	}
	for _, tt := range tests {
		if _, got := v.match(tt.step); got != tt.want {
			t.Errorf("match(%q) = %v, want %v", tt.step, got, tt.want)
		}
	}
}
