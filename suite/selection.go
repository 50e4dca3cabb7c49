package suite

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/classroom-conformance/classroom-conformance/features"
	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
)

// MethodTagPrefix starts the feature-level tag naming a Classroom method a feature's scenarios
// send requests to, by its discovery id: @method:classroom.courses.courseWork.create.
const MethodTagPrefix = "@method:"

// A Selection narrows a run, or a listing, to part of the scenarios the tag expression selects.
// Within one kind the values are alternatives; across kinds they must all hold: Features
// ["a.feature"] with Methods [m] runs the scenarios of a.feature that send requests to m. The
// shard is taken last, from what the rest selects. The zero Selection is the whole suite.
type Selection struct {
	// Features are feature files, by their path in the features' file system
	// ("coursework_create.feature"), a path ending with it ("features/coursework_create.feature"),
	// or a base name, with or without ".feature".
	Features []string
	// Methods are Classroom method ids, matched against the scenarios' @method:<id> tags.
	Methods []string
	// Scenarios are scenario names (every row of an outline), or "file.feature:line" for one
	// scenario, one row of an outline (the row's line) or every row (the outline's line).
	Scenarios []string
	// Shard takes one part of the selection, so that N machines together run all of it once.
	Shard Shard
}

// IsZero reports whether the selection selects every scenario.
func (s Selection) IsZero() bool {
	return len(s.Features) == 0 && len(s.Methods) == 0 && len(s.Scenarios) == 0 && s.Shard.IsZero()
}

// A candidate is a scenario of the features before selection: what godog runs, plus what
// selection and listing need to know about it.
type candidate struct {
	Scenario
	outlineLine int64    // the line of its Scenario (Outline) keyword
	steps       []string // the texts of its steps, the Background's included
}

func (c candidate) key() string { return scenarioKey(c.URI, c.Line) }

// parseCandidates reads every *.feature file of fsys in fs.WalkDir order (godog's order).
func parseCandidates(fsys fs.FS) ([]candidate, map[string]*messages.GherkinDocument, error) {
	files, err := features.Files(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("read features: %w", err)
	}
	var out []candidate
	docs := map[string]*messages.GherkinDocument{}
	newID := (&messages.Incrementing{}).NewId
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, nil, fmt.Errorf("read %s: %w", file, err)
		}
		doc, err := gherkin.ParseGherkinDocumentForLanguage(strings.NewReader(string(data)), gherkin.DefaultDialect, newID)
		if err != nil {
			return nil, nil, fmt.Errorf("feature %s: %w", file, err)
		}
		docs[file] = doc
		if doc.Feature == nil {
			continue
		}
		lines := astLines(doc)
		for _, p := range gherkin.Pickles(*doc, file, newID) {
			c := candidate{Scenario: Scenario{Feature: doc.Feature.Name, URI: file, Name: p.Name}}
			if n := len(p.AstNodeIds); n > 0 {
				c.outlineLine = lines[p.AstNodeIds[0]]
				c.Line = lines[p.AstNodeIds[n-1]]
			}
			for _, t := range p.Tags {
				c.Tags = append(c.Tags, t.Name)
			}
			for _, st := range p.Steps {
				c.steps = append(c.steps, st.Text)
			}
			out = append(out, c)
		}
	}
	return out, docs, nil
}

// astLines maps the ids of scenarios and Examples rows to their lines.
func astLines(doc *messages.GherkinDocument) map[string]int64 {
	lines := map[string]int64{}
	for _, sc := range scenariosOf(doc) {
		lines[sc.Id] = sc.Location.Line
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				lines[row.Id] = row.Location.Line
			}
		}
	}
	return lines
}

// scenariosOf returns the scenarios of a document, those inside rules included.
func scenariosOf(doc *messages.GherkinDocument) []*messages.Scenario {
	var out []*messages.Scenario
	if doc.Feature == nil {
		return nil
	}
	for _, child := range doc.Feature.Children {
		if child.Scenario != nil {
			out = append(out, child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Scenario != nil {
					out = append(out, rc.Scenario)
				}
			}
		}
	}
	return out
}

// pick applies the selection to the candidates the tag expression selects, shard last. The
// errors name what matched nothing and how to see what there is.
func (s Selection) pick(all []candidate, tags tagExpr, tagsText string) ([]candidate, error) {
	var sel []candidate
	for _, c := range all {
		if tags.match(c.Tags) {
			sel = append(sel, c)
		}
	}
	if len(sel) == 0 && tagsText != "" {
		return nil, fmt.Errorf("no scenario matches the tag expression %q; run --list without --tags to see the scenarios and their tags", tagsText)
	}
	var err error
	if sel, err = filterBy(sel, all, s.Features, "--feature", matchFeature, func(string) string {
		return "no such feature file; run --list to see the files"
	}); err != nil {
		return nil, err
	}
	if sel, err = filterBy(sel, all, s.Methods, "--method", matchMethod, func(v string) string {
		return "no feature is tagged " + MethodTagPrefix + v + "; the tagged methods are " + strings.Join(methodsOf(all), ", ")
	}); err != nil {
		return nil, err
	}
	if sel, err = filterBy(sel, all, s.Scenarios, "--scenario", matchScenario, func(string) string {
		return "no scenario has this name or file:line; run --list to see names and lines"
	}); err != nil {
		return nil, err
	}
	if len(sel) == 0 {
		return nil, fmt.Errorf("the selection%s matches no scenario: each part matches some, but never the same ones; run --list with fewer of them", s.describe(tagsText))
	}
	if s.Shard.IsZero() {
		return sel, nil
	}
	return s.Shard.part(sel)
}

// filterBy keeps the candidates that match one of values. A value that matches no scenario of
// the whole suite is an error of its own, so a typo is named rather than reported as an empty
// intersection.
func filterBy(sel, all []candidate, values []string, flag string, match func(candidate, string) bool, notFound func(string) string) ([]candidate, error) {
	if len(values) == 0 {
		return sel, nil
	}
	for _, v := range values {
		found := false
		for _, c := range all {
			if match(c, v) {
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%s %q: %s", flag, v, notFound(v))
		}
	}
	var out []candidate
	for _, c := range sel {
		for _, v := range values {
			if match(c, v) {
				out = append(out, c)
				break
			}
		}
	}
	return out, nil
}

func matchFeature(c candidate, v string) bool {
	v = path.Clean(strings.TrimPrefix(v, "./"))
	if !strings.HasSuffix(v, ".feature") {
		v += ".feature"
	}
	// A path as typed in a checkout (features/x.feature) names the file it ends with.
	return c.URI == v || strings.HasSuffix(v, "/"+c.URI) || !strings.Contains(v, "/") && path.Base(c.URI) == v
}

func matchMethod(c candidate, v string) bool {
	for _, t := range c.Tags {
		if t == MethodTagPrefix+v {
			return true
		}
	}
	return false
}

func matchScenario(c candidate, v string) bool {
	if c.Name == v {
		return true
	}
	i := strings.LastIndex(v, ":")
	if i < 0 {
		return false
	}
	line, err := strconv.ParseInt(v[i+1:], 10, 64)
	if err != nil || !matchFeature(c, v[:i]) {
		return false
	}
	return c.Line == line || c.outlineLine == line
}

// methodsOf lists the method ids the candidates are tagged with.
func methodsOf(all []candidate) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range all {
		for _, t := range c.Tags {
			if m, ok := strings.CutPrefix(t, MethodTagPrefix); ok && !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return []string{"(none)"}
	}
	return out
}

// describe writes the selection as the flags that make it, for messages.
func (s Selection) describe(tagsText string) string {
	var b strings.Builder
	if tagsText != "" {
		fmt.Fprintf(&b, " --tags %q", tagsText)
	}
	for _, f := range s.Features {
		fmt.Fprintf(&b, " --feature %s", f)
	}
	for _, m := range s.Methods {
		fmt.Fprintf(&b, " --method %s", m)
	}
	for _, sc := range s.Scenarios {
		fmt.Fprintf(&b, " --scenario %q", sc)
	}
	return b.String()
}

// narrow returns a file system in which only the selected scenarios remain. Every kept scenario
// stays on its line of the same file (the rest, rows of outlines included, become blank lines),
// so locations, cassette names and godog's reports are those of
// the full suite; files with nothing selected are left out.
func narrow(fsys fs.FS, docs map[string]*messages.GherkinDocument, keep []candidate) (fs.FS, error) {
	kept := map[string]map[int64]bool{}
	for _, c := range keep {
		if kept[c.URI] == nil {
			kept[c.URI] = map[int64]bool{}
		}
		kept[c.URI][c.Line] = true
	}
	out := fstest.MapFS{}
	for file, lines := range kept {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		out[file] = &fstest.MapFile{Data: []byte(narrowFile(string(data), docs[file], lines)), Mode: 0o444}
	}
	return out, nil
}

// narrowFile blanks out the scenarios of doc none of whose lines is in keep, and the Examples
// rows not in keep. Gherkin allows blank lines anywhere outside a doc string, and a scenario is
// blanked whole, doc strings included.
func narrowFile(text string, doc *messages.GherkinDocument, keep map[int64]bool) string {
	lines := strings.Split(text, "\n")
	blank := func(from, to int64) {
		for l := from; l <= to && l <= int64(len(lines)); l++ {
			lines[l-1] = ""
		}
	}
	// Every place a block starts; a scenario's block runs up to the next one.
	var starts []int64
	first := func(line int64, tags []*messages.Tag) int64 {
		for _, t := range tags {
			line = min(line, t.Location.Line)
		}
		return line
	}
	for _, child := range doc.Feature.Children {
		switch {
		case child.Background != nil:
			starts = append(starts, child.Background.Location.Line)
		case child.Scenario != nil:
			starts = append(starts, first(child.Scenario.Location.Line, child.Scenario.Tags))
		case child.Rule != nil:
			starts = append(starts, first(child.Rule.Location.Line, child.Rule.Tags))
			for _, rc := range child.Rule.Children {
				switch {
				case rc.Background != nil:
					starts = append(starts, rc.Background.Location.Line)
				case rc.Scenario != nil:
					starts = append(starts, first(rc.Scenario.Location.Line, rc.Scenario.Tags))
				}
			}
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i] < starts[j] })
	end := func(start int64) int64 {
		for _, s := range starts {
			if s > start {
				return s - 1
			}
		}
		return int64(len(lines))
	}
	for _, sc := range scenariosOf(doc) {
		start := first(sc.Location.Line, sc.Tags)
		if len(sc.Examples) == 0 {
			if !keep[sc.Location.Line] {
				blank(start, end(start))
			}
			continue
		}
		any := false
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				if keep[row.Location.Line] {
					any = true
				} else {
					blank(row.Location.Line, row.Location.Line)
				}
			}
		}
		if !any {
			blank(start, end(start))
		}
	}
	return strings.Join(lines, "\n")
}
