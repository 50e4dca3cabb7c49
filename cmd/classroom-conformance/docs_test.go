package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// codeBlocks returns the fenced code blocks of a Markdown file with the given language.
func codeBlocks(t *testing.T, file, lang string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var blocks []string
	var cur *strings.Builder
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && trimmed == "```"+lang:
			cur = &strings.Builder{}
		case cur != nil && trimmed == "```":
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return blocks
}

// shellWords splits a command line as a shell would for the plain words and quotes the
// examples use, dropping a trailing comment.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '#' && !inWord:
			return words
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	require.Zero(t, quote, "unclosed quote in %q", line)
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// commandLines returns the classroom-conformance command lines of a script, continuations joined.
func commandLines(script string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(script, "\\\n", " "), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
		if strings.HasPrefix(line, "classroom-conformance ") {
			out = append(out, line)
		}
	}
	return out
}

// ciWorkspace makes the current directory a folder with the profile the examples name, at
// classroom.yaml and at /config/classroom.yaml (see mapPaths), with its tokens in the
// environment, and returns the folder.
func ciWorkspace(t *testing.T) string {
	dir := t.TempDir()
	profile := "target: https://classroom.googleapis.com/\nactors:\n  teacher: ${CLASSROOM_TEACHER_TOKEN}\n  student: ${CLASSROOM_STUDENT_TOKEN}\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "classroom.yaml"), []byte(profile), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "config"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "config", "classroom.yaml"), []byte(profile), 0o644))
	t.Setenv("CLASSROOM_TEACHER_TOKEN", "teacher-token")
	t.Setenv("CLASSROOM_STUDENT_TOKEN", "student-token")
	t.Chdir(dir)
	return dir
}

// mapPaths moves the absolute paths a container mounts (/config, /reports) into the workspace,
// alone or as the file of a format ("junit:/reports/x.xml").
func mapPaths(dir string, args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		for _, mount := range []string{"/config/", "/reports/"} {
			switch {
			case strings.HasPrefix(a, mount):
				a = filepath.Join(dir, a)
			case strings.Contains(a, ":"+mount):
				a = strings.Replace(a, ":"+mount, ":"+filepath.Join(dir, mount)+"/", 1)
			}
		}
		out[i] = a
	}
	return out
}

// checkCommand runs one command of an example without letting it do anything: run gets
// --list, version and rules run as they are, and any other command must exist with the flags
// it is given. It returns what run --list printed.
func checkCommand(t *testing.T, args []string) string {
	t.Helper()
	require.NotEmpty(t, args)
	cmds := commands()
	var stdout, stderr bytes.Buffer
	switch args[0] {
	case "run":
		code := dispatch(context.Background(), append(append([]string(nil), args...), "--list"), &stdout, &stderr)
		require.Equal(t, 0, code, "%q: %s", args, stderr.String())
		return stdout.String()
	case "version", "--version", "rules":
		code := dispatch(context.Background(), args, &stdout, &stderr)
		require.Equal(t, 0, code, "%q: %s", args, stderr.String())
		return ""
	}
	_, ok := cmds[args[0]]
	require.True(t, ok, "%q: no command %s", args, args[0])
	dispatch(context.Background(), []string{args[0], "-h"}, &stdout, &stderr)
	for _, a := range args[1:] {
		if name, isFlag := strings.CutPrefix(strings.TrimLeft(a, "-"), ""); strings.HasPrefix(a, "-") && isFlag {
			name, _, _ = strings.Cut(name, "=")
			assert.Contains(t, stderr.String(), "  -"+name+" ", "%q: %s has no flag -%s", args, args[0], name)
		}
	}
	return ""
}

// checkShards runs the command once per shard value (substituted by expand) and checks that
// the parts together list the unsharded selection exactly once.
func checkShards(t *testing.T, dir string, line string, values []string, expand func(line, value string) string) {
	t.Helper()
	var parts []string
	var unsharded []string
	for _, v := range values {
		args := mapPaths(dir, shellWords(t, expand(line, v)))
		require.Equal(t, "classroom-conformance", args[0])
		listed := checkCommand(t, args[1:])
		parts = append(parts, strings.Split(strings.TrimSpace(listed), "\n")...)
		if unsharded == nil {
			var whole []string
			for i := 0; i < len(args); i++ {
				if args[i] == "--shard" || args[i] == "--shard-index" {
					i++
					continue
				}
				whole = append(whole, args[i])
			}
			unsharded = strings.Split(strings.TrimSpace(checkCommand(t, whole[1:])), "\n")
		}
	}
	sort.Strings(parts)
	sort.Strings(unsharded)
	assert.Equal(t, unsharded, parts, "%s: the %d shards together must list every scenario once", line, len(values))
}

var githubExpr = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

// expandEach returns the command line once per shard value, expanded as its CI system would.
func expandEach(t *testing.T, line string, values []string, expand func(line, value string) string) [][]string {
	t.Helper()
	var out [][]string
	for _, v := range values {
		out = append(out, shellWords(t, expand(line, v)))
	}
	return out
}

// TestCIDocExamples checks every example of docs/ci.md against this binary: the YAML parses
// as its CI system reads it, every command exists with the flags it is given, and the shards
// of each example together run every scenario exactly once. Then each example runs for real
// against the embedded reference: its shards write their results, its report command merges
// them, and the page must give every rule of the catalogue the verdict of the unsharded run.
func TestCIDocExamples(t *testing.T) {
	const doc = "../../docs/ci.md"
	sh := codeBlocks(t, doc, "sh")
	yamls := codeBlocks(t, doc, "yaml")
	dir := ciWorkspace(t)

	for _, block := range sh {
		for _, line := range commandLines(block) {
			checkCommand(t, shellWords(t, line)[1:])
		}
	}

	examples := map[string]*ciExample{}
	example := func(name string) *ciExample {
		if examples[name] == nil {
			examples[name] = &ciExample{name: name}
		}
		return examples[name]
	}
	for _, block := range yamls {
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(block), &doc), block)
		switch {
		case doc["jobs"] != nil: // GitHub Actions
			ex := example("github")
			var wf struct {
				Jobs map[string]struct {
					Needs    any
					If       string
					Strategy struct {
						Matrix struct{ Shard []int }
					}
					Steps []struct {
						Uses, Run string
						With      map[string]any
					}
				}
			}
			require.NoError(t, yaml.Unmarshal([]byte(block), &wf))
			for name, job := range wf.Jobs {
				if len(job.Strategy.Matrix.Shard) == 0 {
					// The job that merges the shards' results, whatever their verdicts.
					assert.NotNil(t, job.Needs, "job %s does not wait for the shards", name)
					assert.Equal(t, "always()", job.If, "job %s must report when a shard failed too", name)
					for _, step := range job.Steps {
						for _, line := range commandLines(step.Run) {
							args := shellWords(t, line)
							checkCommand(t, args[1:])
							ex.reports = append(ex.reports, args)
						}
					}
					continue
				}
				var values []string
				for _, s := range job.Strategy.Matrix.Shard {
					values = append(values, strconv.Itoa(s))
				}
				runs := 0
				for _, step := range job.Steps {
					for _, line := range commandLines(step.Run) {
						if shellWords(t, line)[1] != "run" {
							checkCommand(t, shellWords(t, line)[1:])
							continue
						}
						runs++
						expand := func(line, v string) string {
							line = strings.ReplaceAll(line, "${{ matrix.shard }}", v)
							require.NotRegexp(t, githubExpr, line, "an expression the test does not know")
							return line
						}
						checkShards(t, dir, line, values, expand)
						ex.shards = append(ex.shards, expandEach(t, line, values, expand)...)
					}
				}
				assert.Equal(t, 1, runs, "job %s runs the suite once", name)
			}
		case doc["apiVersion"] != nil: // Kubernetes
			ex := example("kubernetes")
			var job struct {
				Kind string
				Spec struct {
					CompletionMode string `yaml:"completionMode"`
					Completions    int
					Template       struct {
						Spec struct {
							Containers []struct {
								Image string
								Args  []string
							}
						}
					}
				}
			}
			require.NoError(t, yaml.Unmarshal([]byte(block), &job))
			require.Equal(t, "Job", job.Kind)
			require.Len(t, job.Spec.Template.Spec.Containers, 1)
			c := job.Spec.Template.Spec.Containers[0]
			assert.Contains(t, c.Image, "classroom-conformance")
			line := "classroom-conformance '" + strings.Join(c.Args, "' '") + "'"
			if job.Spec.CompletionMode != "Indexed" {
				// The Job that merges the shards' results.
				args := shellWords(t, line)
				checkCommand(t, args[1:])
				ex.reports = append(ex.reports, args)
				continue
			}
			var values []string
			for i := 0; i < job.Spec.Completions; i++ {
				values = append(values, strconv.Itoa(i))
			}
			expand := func(line, v string) string {
				return strings.ReplaceAll(line, "$(JOB_COMPLETION_INDEX)", v)
			}
			checkShards(t, dir, line, values, expand)
			ex.shards = append(ex.shards, expandEach(t, line, values, expand)...)
		default: // GitLab CI
			for name, raw := range doc {
				var job struct {
					Parallel int
					Needs    []string
					When     string
					Script   []string
				}
				b, err := yaml.Marshal(raw)
				require.NoError(t, err)
				require.NoError(t, yaml.Unmarshal(b, &job))
				if job.Parallel == 0 {
					if len(job.Needs) == 0 {
						continue
					}
					// The job that merges the shards' results, whatever their verdicts.
					assert.Equal(t, "always", job.When, "job %s must report when a shard failed too", name)
					for _, line := range commandLines(strings.Join(job.Script, "\n")) {
						args := shellWords(t, line)
						checkCommand(t, args[1:])
						example("gitlab").reports = append(example("gitlab").reports, args)
					}
					continue
				}
				ex := example("gitlab")
				var values []string
				for i := 1; i <= job.Parallel; i++ {
					values = append(values, strconv.Itoa(i))
				}
				runs := 0
				for _, line := range commandLines(strings.Join(job.Script, "\n")) {
					if shellWords(t, line)[1] != "run" {
						checkCommand(t, shellWords(t, line)[1:])
						continue
					}
					runs++
					expand := func(line, v string) string {
						line = strings.ReplaceAll(line, "$CI_NODE_INDEX", v)
						return strings.ReplaceAll(line, "$CI_NODE_TOTAL", strconv.Itoa(job.Parallel))
					}
					checkShards(t, dir, line, values, expand)
					ex.shards = append(ex.shards, expandEach(t, line, values, expand)...)
				}
				assert.Equal(t, 1, runs, "job %s runs the suite once", name)
			}
		}
	}
	require.ElementsMatch(t, []string{"github", "gitlab", "kubernetes"}, exampleNames(examples), "docs/ci.md shows the three CI systems")

	want := unshardedVerdicts(t, dir)
	env := map[string]string{"GITHUB_STEP_SUMMARY": filepath.Join(dir, "step-summary.md")}
	for _, name := range []string{"github", "gitlab", "kubernetes"} {
		t.Run(name, func(t *testing.T) { checkMerge(t, dir, *examples[name], env, want) })
	}
}

func exampleNames(m map[string]*ciExample) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestWritingFeaturesExamples keeps docs/writing-features.md true: its commands are valid runs
// of this binary on the repository's features, and its Gherkin examples are quoted from them.
func TestWritingFeaturesExamples(t *testing.T) {
	const doc = "../../docs/writing-features.md"
	blocks := codeBlocks(t, doc, "sh")
	gherkin := codeBlocks(t, doc, "gherkin")
	t.Chdir("../..")
	checked := 0
	for _, block := range blocks {
		for _, line := range commandLines(block) {
			out := checkCommand(t, shellWords(t, line)[1:])
			if shellWords(t, line)[1] == "run" {
				assert.NotEmpty(t, strings.TrimSpace(out), "%s selects nothing", line)
			}
			checked++
		}
	}
	assert.Greater(t, checked, 3)
	require.NotEmpty(t, gherkin)
	for _, g := range gherkin {
		file := "features/coursework_get.feature"
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		assert.Contains(t, string(b), g, "the example is not quoted from %s", file)
	}
}
