package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCassettesLintFindsWhatItMissed: an API key in a query is a credential whatever its shape,
// and a cassette is a cassette whatever the case of its extension.
func TestCassettesLintFindsWhatItMissed(t *testing.T) {
	tests := []struct {
		name, file, content string
		code                int
		says                string
	}{
		{"a short API key", "short.yaml", "    url: http://127.0.0.1/v1/courses?key=shortkey123\n", 1, "short.yaml:1: credential-field: key: sh... (11 chars)"},
		{"an extension in capitals", "LEAK.YAML", "    url: http://127.0.0.1/v1/courses?access_token=abc\n", 1, "LEAK.YAML:1: credential-field: access_token: ***"},
		{"a redacted key", "clean.Yml", "    url: http://127.0.0.1/v1/courses?key=REDACTED\n", 0, "1 cassette file(s) checked, no credentials found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			r := cli(t, "cassettes", "lint", dir)
			assert.Equal(t, tt.code, r.code, r)
			assert.Contains(t, r.stdout, tt.says)
			assert.NotContains(t, r.stdout, "key: sho", "no more than a quarter of a credential is shown")
		})
	}
}
