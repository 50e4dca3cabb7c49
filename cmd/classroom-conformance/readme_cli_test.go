package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeCommandLineMatchesHelp: the README's command-line synopsis is, command by command,
// the usage line of the command's -h, and its exit-code table says what run -h says.
func TestReadmeCommandLineMatchesHelp(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	_, section, ok := strings.Cut(string(readme), "## Command line\n")
	require.True(t, ok, "the README has no command-line section")
	_, block, ok := strings.Cut(section, "```\n")
	require.True(t, ok)
	block, _, _ = strings.Cut(block, "```")

	// Each synopsis starts with "classroom-conformance COMMAND"; indented lines continue it. A
	// note after two spaces, in brackets, is the README's own.
	inREADME := map[string]string{}
	var order []string
	note := regexp.MustCompile(`\s{2,}\(.*\)$`)
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		line = note.ReplaceAllString(line, "")
		if strings.HasPrefix(line, " ") {
			require.NotEmpty(t, order, "a continuation line before any synopsis: %q", line)
			inREADME[order[len(order)-1]] += " " + line
			continue
		}
		fields := strings.Fields(line)
		require.GreaterOrEqual(t, len(fields), 2, line)
		inREADME[fields[1]] = line
		order = append(order, fields[1])
	}
	assert.ElementsMatch(t, commandNames(), order, "the README gives a synopsis for every command, and only for them")

	for _, name := range order {
		t.Run(name, func(t *testing.T) {
			r := cli(t, name, "-h")
			require.Equal(t, 0, r.code, r)
			usage, _, _ := strings.Cut(r.stderr, "\n\n")
			usage, ok := strings.CutPrefix(usage, "usage: ")
			require.True(t, ok, "%s -h does not start with its usage: %q", name, r.stderr)
			assert.Equal(t, strings.Join(strings.Fields(usage), " "), strings.Join(strings.Fields(inREADME[name]), " "),
				"the README's synopsis of %s differs from its -h", name)
		})
	}

	t.Run("exit codes", func(t *testing.T) {
		help := cli(t, "run", "-h").stderr
		_, codes, ok := strings.Cut(help, "Exit status:\n")
		require.True(t, ok, "run -h has no exit status")
		codes, _, _ = strings.Cut(codes, "\n\n")
		inHelp := map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^  ([0-9])  ((?:.|\n     )*)`).FindAllStringSubmatch(codes, -1) {
			inHelp[m[1]] = withoutBrackets(m[2])
		}
		require.Len(t, inHelp, 3, codes)
		rows := regexp.MustCompile(`(?m)^\| ([0-9]) \| ([^|]+) \|`).FindAllStringSubmatch(section, -1)
		require.Len(t, rows, 3, "the README's exit-code table")
		for _, row := range rows {
			assert.Equal(t, inHelp[row[1]], withoutBrackets(row[2]), "exit code %s", row[1])
		}
	})
}

// withoutBrackets is s in single spaces, without its parenthetical remarks.
func withoutBrackets(s string) string {
	s = regexp.MustCompile(`\s*\([^)]*\)`).ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// commandNames are the names of the commands dispatch knows.
func commandNames() []string {
	var names []string
	for n := range commands() {
		names = append(names, n)
	}
	return names
}
