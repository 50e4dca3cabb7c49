package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
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
// action declares, the required ones included.
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

	ciWorkspace(t)
	runs := 0
	for _, step := range a.Runs.Steps {
		if step.Run == "" {
			continue
		}
		assert.Equal(t, "bash", step.Shell, "step %q", step.Name)
		env := map[string]string{}
		for k, v := range step.Env {
			env[k] = inputValue.ReplaceAllStringFunc(v, func(ref string) string {
				return values[inputValue.FindStringSubmatch(ref)[1]]
			})
		}
		for _, line := range commandLines(step.Run) {
			line = os.Expand(line, func(name string) string { return env[name] })
			args := shellWords(t, line)
			if args[1] == "run" {
				runs++
			}
			checkCommand(t, args[1:])
		}
	}
	assert.Equal(t, 1, runs, "the action runs the suite once")
}
