package suite

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy"
)

func TestParseShard(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr string
	}{
		{"1/1", Shard{1, 1}, ""},
		{"2/4", Shard{2, 4}, ""},
		{"4/4", Shard{4, 4}, ""},
		{"0/3", Shard{}, "K must be from 1 to N"},
		{"4/3", Shard{}, "K must be from 1 to N"},
		{"1/0", Shard{}, "K must be from 1 to N"},
		{"-1/3", Shard{}, "K must be from 1 to N"},
		{"a/b", Shard{}, "want K/N"},
		{"3", Shard{}, "want K/N"},
		{"1/2/3", Shard{}, "want K/N"},
		{"", Shard{}, "want K/N"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseShard(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Contains(t, err.Error(), "--shard "+tt.in)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseShardIndex(t *testing.T) {
	tests := []struct {
		in      string
		want    Shard
		wantErr string
	}{
		{"0/4", Shard{1, 4}, ""},
		{"3/4", Shard{4, 4}, ""},
		{"0/1", Shard{1, 1}, ""},
		{"4/4", Shard{}, "I must be from 0 to N-1"},
		{"-1/4", Shard{}, "I must be from 0 to N-1"},
		{"0/0", Shard{}, "I must be from 0 to N-1"},
		{"x/4", Shard{}, "want I/N"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseShardIndex(tt.in)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "--shard-index "+tt.in+": "+tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestShardsPartitionTheSuite: for every N, the N shards of the embedded suite hold each
// scenario exactly once, every shard is non-empty, and no shard carries more steps than the
// lightest one plus the heaviest scenario.
func TestShardsPartitionTheSuite(t *testing.T) {
	whole, err := List(Options{FS: features.FS})
	require.NoError(t, err)
	require.NotEmpty(t, whole)
	for n := 1; n <= 4; n++ {
		seen := map[string]int{}
		var loads []int
		heaviest := 0
		for k := 1; k <= n; k++ {
			part, err := List(Options{FS: features.FS, Select: Selection{Shard: Shard{k, n}}})
			require.NoError(t, err)
			require.NotEmpty(t, part, "shard %d/%d", k, n)
			load := 0
			for _, l := range part {
				seen[l.Location()]++
				load += l.Steps + 1
				heaviest = max(heaviest, l.Steps+1)
			}
			loads = append(loads, load)
			again, err := List(Options{FS: features.FS, Select: Selection{Shard: Shard{k, n}}})
			require.NoError(t, err)
			assert.Equal(t, part, again, "shard %d/%d is the same every time", k, n)
		}
		require.Len(t, seen, len(whole), "%d shards", n)
		for _, l := range whole {
			assert.Equal(t, 1, seen[l.Location()], "%s in %d shards", l.Location(), n)
		}
		lo, hi := loads[0], loads[0]
		for _, l := range loads {
			lo, hi = min(lo, l), max(hi, l)
		}
		assert.LessOrEqual(t, hi-lo, heaviest, "%d shards carry %v steps", n, loads)
	}
}

// TestShardedRunsMergeToTheWholeRun replays the shipped cassettes whole and in 1..4 shards:
// the shards' outcomes together are the whole run's, scenario by scenario.
func TestShardedRunsMergeToTheWholeRun(t *testing.T) {
	statuses := func(sel Selection) map[string]Status {
		t.Helper()
		opts := Options{FS: features.FS, Select: sel, Formats: []Format{{Name: "progress"}}}
		require.NoError(t, (Cassettes{Dir: shippedCassettes, Mode: proxy.Replay}).Attach(&opts))
		res, err := Run(context.Background(), opts)
		require.NoError(t, err)
		m := map[string]Status{}
		for _, s := range res.Scenarios {
			m[s.Location()] = s.Status
		}
		require.Len(t, m, len(res.Scenarios))
		return m
	}
	whole := statuses(Selection{})
	require.NotEmpty(t, whole)
	for n := 1; n <= 4; n++ {
		merged := map[string]Status{}
		for k := 1; k <= n; k++ {
			for loc, st := range statuses(Selection{Shard: Shard{k, n}}) {
				_, dup := merged[loc]
				require.False(t, dup, "%s ran in two of %d shards", loc, n)
				merged[loc] = st
			}
		}
		assert.Equal(t, whole, merged, "%d shards", n)
	}
}

func TestSelection(t *testing.T) {
	fsys := os.DirFS("testdata/features")
	tests := []struct {
		name string
		tags string
		sel  Selection
		want []string
	}{
		{"everything", "", Selection{}, []string{"courses.feature:4", "courses.feature:12", "submissions.feature:12", "submissions.feature:20", "submissions.feature:34", "submissions.feature:35", "submissions.feature:36"}},
		{"one feature file", "", Selection{Features: []string{"courses.feature"}}, []string{"courses.feature:4", "courses.feature:12"}},
		{"a feature as a checkout's path", "", Selection{Features: []string{"./suite/testdata/features/courses.feature"}}, []string{"courses.feature:4", "courses.feature:12"}},
		{"a feature without its extension", "", Selection{Features: []string{"courses"}}, []string{"courses.feature:4", "courses.feature:12"}},
		{"a scenario by name", "", Selection{Scenarios: []string{"An anonymous caller cannot read a course"}}, []string{"courses.feature:12"}},
		{"an outline by name runs every row", "", Selection{Scenarios: []string{"Who can read the submission"}}, []string{"submissions.feature:34", "submissions.feature:35", "submissions.feature:36"}},
		{"an outline by its line runs every row", "", Selection{Scenarios: []string{"submissions.feature:28"}}, []string{"submissions.feature:34", "submissions.feature:35", "submissions.feature:36"}},
		{"one row of an outline", "", Selection{Scenarios: []string{"submissions.feature:35"}}, []string{"submissions.feature:35"}},
		{"scenarios are alternatives", "", Selection{Scenarios: []string{"submissions.feature:35", "courses.feature:4"}}, []string{"courses.feature:4", "submissions.feature:35"}},
		{"kinds must all hold", "", Selection{Features: []string{"submissions.feature"}, Scenarios: []string{"submissions.feature:36", "courses.feature:4"}}, []string{"submissions.feature:36"}},
		{"tags come first", "@rule:reclaim.returned", Selection{Features: []string{"submissions.feature"}}, []string{"submissions.feature:12", "submissions.feature:20"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed, err := List(Options{FS: fsys, Tags: tt.tags, Select: tt.sel})
			require.NoError(t, err)
			var got []string
			for _, l := range listed {
				got = append(got, l.Location())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	fsys := os.DirFS("testdata/features")
	tests := []struct {
		name string
		tags string
		sel  Selection
		want string
	}{
		{"no such feature", "", Selection{Features: []string{"nope.feature"}}, `--feature "nope.feature": no such feature file; run --list`},
		{"no such method", "", Selection{Methods: []string{"classroom.courses.get"}}, `--method "classroom.courses.get": no feature is tagged @method:classroom.courses.get`},
		{"no such scenario", "", Selection{Scenarios: []string{"Nobody wrote this"}}, `--scenario "Nobody wrote this": no scenario has this name or file:line`},
		{"no scenario on that line", "", Selection{Scenarios: []string{"courses.feature:5"}}, `--scenario "courses.feature:5": no scenario`},
		{"parts that never meet", "", Selection{Features: []string{"courses.feature"}, Scenarios: []string{"submissions.feature:35"}}, `the selection --feature courses.feature --scenario "submissions.feature:35" matches no scenario`},
		{"tags that match nothing", "@rule:nothing", Selection{}, `no scenario matches the tag expression "@rule:nothing"`},
		{"more shards than scenarios", "", Selection{Features: []string{"courses.feature"}, Shard: Shard{3, 3}}, "--shard 3/3: the selection has 2 scenarios, too few for 3 parts; use at most 2"},
		{"a shard outside its count", "", Selection{Shard: Shard{0, 3}}, "--shard 0/3: K must be from 1 to N"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := List(Options{FS: fsys, Tags: tt.tags, Select: tt.sel})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "\n")
			_, err = Run(context.Background(), Options{FS: fsys, Tags: tt.tags, Select: tt.sel})
			require.Error(t, err, "Run refuses what List refuses")
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestRunOneRowOfAnOutline runs a selection against a fake: only the selected row runs, on its
// own line, and the reports name nothing else.
func TestRunOneRowOfAnOutline(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	var stdout strings.Builder
	res, err := Run(context.Background(), Options{
		FS: os.DirFS("testdata/features"), Profile: profile, Stdout: &stdout,
		Formats: []Format{{Name: "cucumber"}},
		Select:  Selection{Scenarios: []string{"submissions.feature:35", "An anonymous caller cannot read a course"}},
	})
	require.NoError(t, err)
	require.Len(t, res.Scenarios, 2)
	assert.Equal(t, "courses.feature:12", res.Scenarios[0].Location())
	assert.Equal(t, "submissions.feature:35", res.Scenarios[1].Location())
	assert.Equal(t, "Who can read the submission", res.Scenarios[1].Name)
	assert.Equal(t, 2, res.Passed)
	var report []struct {
		URI      string `json:"uri"`
		Elements []struct {
			Line int `json:"line"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout.String()), &report))
	var ran []string
	for _, f := range report {
		for _, e := range f.Elements {
			ran = append(ran, fmt.Sprintf("%s:%d", f.URI, e.Line))
		}
	}
	assert.Equal(t, []string{"courses.feature:12", "submissions.feature:35"}, ran, "the cucumber report names what ran, where it is written")
}

func TestNarrowKeepsLines(t *testing.T) {
	all, docs, err := parseCandidates(os.DirFS("testdata/features"))
	require.NoError(t, err)
	var keep []candidate
	for _, c := range all {
		if c.Location() == "submissions.feature:20" || c.Location() == "submissions.feature:36" {
			keep = append(keep, c)
		}
	}
	narrowed, err := narrow(os.DirFS("testdata/features"), docs, keep)
	require.NoError(t, err)
	again, _, err := parseCandidates(narrowed)
	require.NoError(t, err)
	var got []string
	for _, c := range again {
		got = append(got, c.Location()+" "+c.Name)
	}
	assert.Equal(t, []string{"submissions.feature:20 A returned submission can be reclaimed", "submissions.feature:36 Who can read the submission"}, got)
	assert.Equal(t, keep[0].steps, again[0].steps, "the background stays")
}

// TestNarrowRulesAndExamples: scenarios inside Rules, Backgrounds of Rules, several Examples
// blocks and doc strings that look like Gherkin all keep their place when narrowed.
func TestNarrowRulesAndExamples(t *testing.T) {
	const text = `Feature: F
  Background:
    Given a course owned by the teacher

  Rule: first
    @rule:a
    Scenario: one
      When the teacher sends "POST" to "/x" with:
        """
        Scenario: not a scenario
        """

    Scenario: two
      Then the response status is 200

  @wip
  Rule: second
    Background:
      Given the student is enrolled in the course

    Scenario Outline: three <n>
      Then the response status is <n>

      @first
      Examples:
        | n   |
        | 200 |
        | 201 |

      Examples:
        | n   |
        | 202 |

    Scenario: four
      Then the response status is 204
`
	fsys := fstest.MapFS{"f.feature": {Data: []byte(text)}}
	all, docs, err := parseCandidates(fsys)
	require.NoError(t, err)
	byLoc := map[string]candidate{}
	var locs []string
	for _, c := range all {
		byLoc[c.Location()] = c
		locs = append(locs, c.Location()+" "+c.Name)
	}
	require.Equal(t, []string{"f.feature:7 one", "f.feature:13 two", "f.feature:27 three 200", "f.feature:28 three 201", "f.feature:32 three 202", "f.feature:34 four"}, locs)

	for _, keep := range [][]string{
		{"f.feature:7"},
		{"f.feature:13", "f.feature:34"},
		{"f.feature:28"},
		{"f.feature:27", "f.feature:32"},
		{"f.feature:7", "f.feature:28", "f.feature:34"},
	} {
		var kept []candidate
		for _, l := range keep {
			kept = append(kept, byLoc[l])
		}
		narrowed, err := narrow(fsys, docs, kept)
		require.NoError(t, err)
		again, _, err := parseCandidates(narrowed)
		require.NoError(t, err, "%v", keep)
		var got []string
		for i, c := range again {
			got = append(got, c.Location())
			assert.Equal(t, byLoc[c.Location()].steps, c.steps, "%s keeps its steps and backgrounds", c.Location())
			assert.Equal(t, byLoc[c.Location()].Tags, again[i].Tags, "%s keeps its tags", c.Location())
		}
		assert.Equal(t, keep, got)
	}
}
