package rules

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
)

// The tests in this file hold the embedded catalogue and the embedded features to each other and
// to the documentation they quote: the seed pages and the notes in testdata/corpus, and the
// discovery document of the reference package.

func TestEveryRuleHasAScenarioAndEveryScenarioARule(t *testing.T) {
	cat, err := Load()
	require.NoError(t, err)
	scenarios, err := ParseFeatures(features.FS)
	require.NoError(t, err)
	rep := Check(cat, scenarios)
	for _, id := range rep.Uncovered() {
		t.Errorf("rule %s has no scenario", id)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	t.Logf("%d rules (%d documented, %d inferred), %d scenarios, %d steps", rep.Total, rep.Documented, rep.Inferred, rep.Scenarios, rep.Steps)
}

func TestQuotesAreVerbatim(t *testing.T) {
	cat, err := Load()
	require.NoError(t, err)
	corpus := loadCorpus(t)
	check := func(where, quote string, src Source) {
		t.Helper()
		if quote == "" {
			return
		}
		doc, _ := cat.Document(src.Document)
		texts, err := corpus.texts(doc, src.Ref)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			return
		}
		q := normalize(quote)
		for _, text := range texts {
			if strings.Contains(normalize(text), q) {
				return
			}
		}
		t.Errorf("%s: quote not found verbatim in %s (%s):\n  %q", where, src.Document, src.Ref, quote)
	}
	for _, r := range cat.Rules {
		check("rule "+r.ID, r.Quote, r.Source)
	}
	for _, a := range cat.Ambiguities {
		for i, text := range a.Texts {
			check("ambiguity "+a.ID+" text "+string(rune('1'+i)), text.Quote, text.Source)
		}
	}
}

func TestMethodsExistInDiscovery(t *testing.T) {
	cat, err := Load()
	require.NoError(t, err)
	methods := loadCorpus(t).methods
	for _, r := range cat.Rules {
		for _, m := range r.Methods {
			if _, ok := methods[m]; !ok {
				t.Errorf("rule %s: method %s is not in the discovery document", r.ID, m)
			}
		}
	}
}

// TestFeatureQuotesAreVerbatim checks the passages the features quote in their descriptions:
// any double-quoted text of four words or more must be documentation, word for word.
func TestFeatureQuotesAreVerbatim(t *testing.T) {
	corpus := loadCorpus(t)
	all := normalize(strings.Join(corpus.all, "\n"))
	quoted := regexp.MustCompile(`"([^"]+)"`)
	entries, err := features.FS.ReadDir(".")
	require.NoError(t, err)
	for _, e := range entries {
		data, err := features.FS.ReadFile(e.Name())
		require.NoError(t, err)
		doc, err := gherkin.ParseGherkinDocument(strings.NewReader(string(data)), (&messages.Incrementing{}).NewId)
		require.NoError(t, err, e.Name())
		descriptions := []string{doc.Feature.Description}
		for _, child := range doc.Feature.Children {
			if child.Scenario != nil {
				descriptions = append(descriptions, child.Scenario.Description)
			}
		}
		for _, d := range descriptions {
			for _, m := range quoted.FindAllStringSubmatch(strings.Join(strings.Fields(d), " "), -1) {
				if len(strings.Fields(m[1])) < 4 {
					continue
				}
				if !strings.Contains(all, normalize(m[1])) {
					t.Errorf("%s: quoted passage is not in the documentation: %q", e.Name(), m[1])
				}
			}
		}
	}
}

// corpus is the documentation the catalogue quotes.
type corpus struct {
	files     map[string]string // seed document id -> page text
	notes     string            // guides and observed behaviour, as quoted in the reference notes
	discovery map[string]any
	methods   map[string]map[string]any // discovery method id -> method
	all       []string
}

func loadCorpus(t *testing.T) *corpus {
	t.Helper()
	c := &corpus{files: map[string]string{}, methods: map[string]map[string]any{}}
	for _, id := range []string{"seed-reclaim", "seed-coursework"} {
		data, err := os.ReadFile(filepath.Join("testdata", "corpus", id+".txt"))
		require.NoError(t, err)
		c.files[id] = string(data)
		c.all = append(c.all, string(data))
	}
	notes, err := os.ReadFile(filepath.Join("testdata", "corpus", "classroom-api-notes.md"))
	require.NoError(t, err)
	c.notes = string(notes)
	c.all = append(c.all, c.notes)
	data, err := os.ReadFile(filepath.Join("..", "discovery", "discovery.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &c.discovery), "decode discovery.json")
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["id"].(string); ok && v["httpMethod"] != nil {
				c.methods[id] = v
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case string:
			c.all = append(c.all, v)
		}
	}
	walk(c.discovery)
	return c
}

// texts returns the passages of a document a quote may come from.
func (c *corpus) texts(doc Document, ref string) ([]string, error) {
	switch doc.Kind {
	case "seed":
		text, ok := c.files[doc.ID]
		if !ok {
			return nil, fmt.Errorf("no text of seed page %s in testdata/corpus", doc.ID)
		}
		return []string{text}, nil
	case "guide", "observed":
		return []string{c.notes}, nil
	case "discovery":
		node, err := c.resolve(ref)
		if err != nil {
			return nil, err
		}
		var out []string
		collectStrings(node, &out)
		return out, nil
	}
	return nil, fmt.Errorf("document %s of kind %s has no text to check", doc.ID, doc.Kind)
}

// resolve finds a node of the discovery document: methods.<method id>[.<key>...] or a path of
// keys from the root (schemas.CourseWork.properties.title).
func (c *corpus) resolve(ref string) (any, error) {
	var node any = c.discovery
	rest := ref
	if after, ok := strings.CutPrefix(ref, "methods."); ok {
		best := ""
		for id := range c.methods {
			if (after == id || strings.HasPrefix(after, id+".")) && len(id) > len(best) {
				best = id
			}
		}
		if best == "" {
			return nil, fmt.Errorf("discovery ref %s: no such method", ref)
		}
		node, rest = c.methods[best], strings.TrimPrefix(strings.TrimPrefix(after, best), ".")
	}
	if rest == "" {
		return node, nil
	}
	for _, key := range strings.Split(rest, ".") {
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("discovery ref %s: %s is not an object", ref, key)
		}
		if node, ok = m[key]; !ok {
			return nil, fmt.Errorf("discovery ref %s: no key %s", ref, key)
		}
	}
	return node, nil
}

func collectStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case map[string]any:
		for _, x := range v {
			collectStrings(x, out)
		}
	case []any:
		for _, x := range v {
			collectStrings(x, out)
		}
	}
}

var (
	markdownLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markup       = strings.NewReplacer("`", "", "*", "", "\\n", " ")
)

// normalize removes markdown markup and collapses white space, so that a quote written as
// rendered matches the source text it was rendered from.
func normalize(s string) string {
	s = markdownLink.ReplaceAllString(s, "$1")
	s = markup.Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
