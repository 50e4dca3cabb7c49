package suite

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
)

// A discoveryRoute is one method of the discovery document, as a request matcher.
type discoveryRoute struct {
	id, verb string
	path     *regexp.Regexp
	literal  int // characters of the path template outside parameters: more is more specific
}

// discoveryRoutes reads the methods of the discovery document the reference embeds.
func discoveryRoutes(t *testing.T) []discoveryRoute {
	t.Helper()
	data, err := os.ReadFile("../discovery/discovery.json")
	require.NoError(t, err)
	type method struct {
		ID, HTTPMethod, Path, FlatPath string
	}
	type resource struct {
		Methods   map[string]method
		Resources map[string]*resource
	}
	var doc resource
	require.NoError(t, json.Unmarshal(data, &doc))
	param := regexp.MustCompile(`\{\+?[^}]+\}`)
	var out []discoveryRoute
	var walk func(r *resource)
	walk = func(r *resource) {
		for _, m := range r.Methods {
			tmpl := m.FlatPath
			if tmpl == "" {
				tmpl = m.Path
			}
			parts := param.Split(tmpl, -1)
			for i := range parts {
				parts[i] = regexp.QuoteMeta(parts[i])
			}
			out = append(out, discoveryRoute{
				id: m.ID, verb: m.HTTPMethod,
				path:    regexp.MustCompile("^/" + strings.Join(parts, "[^/]+") + "$"),
				literal: len(param.ReplaceAllString(tmpl, "")),
			})
		}
		for _, sub := range r.Resources {
			walk(sub)
		}
	}
	walk(&doc)
	require.NotEmpty(t, out)
	return out
}

var sendStep = regexp.MustCompile(`sends "([A-Z]+)" to "([^"]*)"`)

// TestMethodTags: every feature file's Feature line is tagged @method:<id> with exactly the
// discovery methods its scenarios send requests to, so that `run --method ID` runs every
// scenario that exercises a method, and only those.
func TestMethodTags(t *testing.T) {
	routes := discoveryRoutes(t)
	known := map[string]bool{}
	for _, r := range routes {
		known[r.id] = true
	}
	all, docs, err := parseCandidates(features.FS)
	require.NoError(t, err)
	sent := map[string]map[string]bool{}
	for _, c := range all {
		for _, text := range c.steps {
			m := sendStep.FindStringSubmatch(text)
			if m == nil {
				continue
			}
			path, _, _ := strings.Cut(m[2], "?")
			best := discoveryRoute{literal: -1}
			for _, r := range routes {
				if r.verb == m[1] && r.path.MatchString(path) && r.literal > best.literal {
					best = r
				}
			}
			if best.id == "" {
				continue // a path or verb Classroom does not have, sent on purpose
			}
			if sent[c.URI] == nil {
				sent[c.URI] = map[string]bool{}
			}
			sent[c.URI][best.id] = true
		}
	}
	for file, doc := range docs {
		var tagged []string
		for _, tag := range doc.Feature.Tags {
			if id, ok := strings.CutPrefix(tag.Name, MethodTagPrefix); ok {
				tagged = append(tagged, id)
				assert.True(t, known[id], "%s: %s names no method of the discovery document", file, tag.Name)
			}
		}
		var want []string
		for id := range sent[file] {
			want = append(want, id)
		}
		sort.Strings(tagged)
		sort.Strings(want)
		assert.Equal(t, want, tagged, "%s: tag the Feature line with %s%s", file, MethodTagPrefix, strings.Join(want, " "+MethodTagPrefix))
	}
}
