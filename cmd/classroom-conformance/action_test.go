package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/classroom-conformance/classroom-conformance/rules"
)

// action is the part of action.yml the test reads.
type action struct {
	Name   string
	Inputs map[string]struct {
		Description string
		Required    bool
		Default     *string
	}
	Runs struct {
		Using string
		Steps []struct {
			Name, Uses, Run, Shell, If string
			Env                        map[string]string
			With                       map[string]string
		}
	}
}

var (
	inputRef   = regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)`)
	inputValue = regexp.MustCompile(`\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}`)
)

// TestAction checks the composite action at the repository root and the README's example of
// it: every input it reads is declared, every shell step says its shell, its run command is a
// valid run of this binary for the example's inputs, and the example gives only inputs the
// action declares, the required ones included. Then the action's commands run for real against
// the embedded reference: the run writes JUnit and results, and the report step turns them into
// the page it uploads and the job summary.
func TestAction(t *testing.T) {
	b, err := os.ReadFile("../../action.yml")
	require.NoError(t, err)
	var a action
	require.NoError(t, yaml.Unmarshal(b, &a))
	require.Equal(t, "composite", a.Runs.Using)
	for _, m := range inputRef.FindAllStringSubmatch(string(b), -1) {
		_, ok := a.Inputs[m[1]]
		assert.True(t, ok, "action.yml reads inputs.%s, which it does not declare", m[1])
	}
	for name, in := range a.Inputs {
		assert.NotEmpty(t, in.Description, "input %s has no description", name)
		assert.True(t, in.Required || in.Default != nil, "input %s is optional without a default", name)
	}

	// The README's example.
	var example map[string]string
	for _, block := range codeBlocks(t, "../../README.md", "yaml") {
		if !strings.Contains(block, "uses: classroom-conformance/classroom-conformance@") {
			continue
		}
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Uses string
					With map[string]string
				}
			}
		}
		require.NoError(t, yaml.Unmarshal([]byte(block), &wf))
		for _, job := range wf.Jobs {
			for _, step := range job.Steps {
				if strings.HasPrefix(step.Uses, "classroom-conformance/classroom-conformance@") {
					example = step.With
				}
			}
		}
	}
	require.NotNil(t, example, "the README shows no use of the action")
	for k := range example {
		_, ok := a.Inputs[k]
		assert.True(t, ok, "the README gives input %s, which action.yml does not declare", k)
	}
	values := map[string]string{}
	for name, in := range a.Inputs {
		if in.Required {
			assert.Contains(t, example, name, "the README's example leaves out the required input %s", name)
		}
		if in.Default != nil {
			values[name] = *in.Default
		}
	}
	for k, v := range example {
		values[k] = strings.ReplaceAll(v, "${{ matrix.shard }}", "1")
	}

	dir := ciWorkspace(t)
	summary := filepath.Join(dir, "step-summary.md")
	runs, reports, uploads := 0, 0, 0
	for _, step := range a.Runs.Steps {
		if strings.HasPrefix(step.Uses, "actions/upload-artifact@") {
			uploads++
			assert.Equal(t, "always()", step.If, "the reports are uploaded when the gate fails too")
			assert.Equal(t, "${{ inputs.reports }}", step.With["path"], "the upload takes the reports folder")
		}
		if step.Run == "" {
			continue
		}
		assert.Equal(t, "bash", step.Shell, "step %q", step.Name)
		env := map[string]string{"GITHUB_STEP_SUMMARY": summary}
		for k, v := range step.Env {
			env[k] = inputValue.ReplaceAllStringFunc(v, func(ref string) string {
				return values[inputValue.FindStringSubmatch(ref)[1]]
			})
		}
		for _, line := range commandLines(step.Run) {
			line = os.Expand(line, func(name string) string { return env[name] })
			args := shellWords(t, line)
			checkCommand(t, args[1:])
			switch args[1] {
			case "run":
				runs++
				require.Contains(t, args, "json:"+values["reports"]+"/results.json", "the run writes the results the report reads")
				runForReal(t, dir, args, nil)
			case "report":
				reports++
				assert.Equal(t, "always()", step.If, "the report is written when the gate fails too")
				runForReal(t, dir, args, nil)
			}
		}
	}
	assert.Equal(t, 1, runs, "the action runs the suite once")
	assert.Equal(t, 1, reports, "the action writes the report once")
	assert.Equal(t, 1, uploads, "the action uploads the reports once")

	// What the run and the report left for the upload and the job summary.
	cat, err := rules.Load()
	require.NoError(t, err)
	reportsDir := filepath.Join(dir, values["reports"])
	assert.FileExists(t, filepath.Join(reportsDir, "conformance.xml"))
	verdicts := pageVerdicts(t, filepath.Join(reportsDir, "report.html"))
	assert.Len(t, verdicts, len(cat.Rules), "the page has a row per rule of the catalogue")
	held := 0
	for _, v := range verdicts {
		if assert.Len(t, v, 1) && v[0] == "pass" {
			held++
		}
	}
	assert.Positive(t, held, "the shard's rules hold on the reference")
	b, err = os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(b), fmt.Sprintf("%d rules, 1 target.", len(cat.Rules)), "the job summary is the report's Markdown")
}
