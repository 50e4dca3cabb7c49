package redact

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLintNamesFileLineAndRule(t *testing.T) {
	path := filepath.Join("testdata", "cassettes", "leaky.yaml")
	findings, err := LintFile(path)
	require.NoError(t, err)
	want := []string{
		path + ":19: unredacted-header",
		path + ":21: unredacted-header",
		path + ":24: google-access-token",
		path + ":34: credential-field",
		path + ":52: google-refresh-token",
		path + ":58: unredacted-header",
		path + ":69: credential-field",
	}
	var got []string
	for _, f := range findings {
		got = append(got, fmt.Sprintf("%s:%d: %s", f.File, f.Line, f.Rule))
	}
	assert.Equal(t, want, got)
}

// Lint output goes to CI logs: it must show where a secret is, not the secret.
func TestLintMasksSecrets(t *testing.T) {
	findings, err := LintFile(filepath.Join("testdata", "cassettes", "leaky.yaml"))
	require.NoError(t, err)
	for _, secret := range []string{"ya29.a0AfB_byC1234567890abcdef", "1//0gABCDEFGHIJKLMNOPQRSTUVWXYZ", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "not-shaped-like-a-google-token", "opaque-value"} {
		for _, f := range findings {
			if strings.Contains(f.String(), secret) {
				t.Errorf("finding shows the secret: %s", f)
			}
		}
	}
}

func TestLintPathsWalksDirectories(t *testing.T) {
	findings, files, err := LintPaths(filepath.Join("testdata", "cassettes"))
	require.NoError(t, err)
	assert.Equal(t, 2, files, ".yaml and .yml, not .txt")
	for _, f := range findings {
		if !strings.HasSuffix(f.File, "leaky.yaml") {
			t.Errorf("finding in a clean file: %s", f)
		}
	}
	if _, _, err := LintPaths(filepath.Join("testdata", "missing")); err == nil {
		t.Error("a missing path is not an error")
	}
}

// What redaction writes, lint accepts.
func TestLintAcceptsRedactedText(t *testing.T) {
	r := Default()
	body := r.Body(`{"access_token":"`+accessToken+`","refresh_token":"`+refreshToken+`","key":"`+apiKey+`","x":"`+jwt+`"}`, "application/json")
	findings, err := Lint(strings.NewReader("body: '"+body+"'\nurl: "+r.URL("https://x/?access_token="+accessToken+"&key="+apiKey)+"\n"), "mem")
	require.NoError(t, err)
	assert.Empty(t, findings, "findings in redacted text")
}

// The cassettes the suite replays are committed to the repository: none may hold a credential.
func TestRepositoryCassettesHoldNoCredentials(t *testing.T) {
	dir := filepath.Join("..", "..", "cassettes")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no cassettes directory: %v", err)
	}
	findings, files, err := LintPaths(dir)
	require.NoError(t, err)
	for _, f := range findings {
		t.Errorf("%s", f)
	}
	t.Logf("%d cassette files checked", files)
}

// TestLintQueryCredentialsWhateverTheirShape: a value in a credential query parameter is a
// credential, however short or plain it looks.
func TestLintQueryCredentialsWhateverTheirShape(t *testing.T) {
	tests := []struct {
		name, line string
		findings   int
	}{
		{"a short API key", "    url: https://classroom.googleapis.com/v1/courses?key=shortkey123\n", 1},
		{"an API key after another parameter", "    url: http://h/v1/courses?pageSize=1&key=k\n", 1},
		{"an access token", "    url: http://h/v1/courses?access_token=abc\n", 1},
		{"an OAuth token", "    url: http://h/v1/courses?oauth_token=abc&pageSize=1\n", 1},
		{"a redacted key", "    url: http://h/v1/courses?key=REDACTED\n", 0},
		{"an empty key", "    url: http://h/v1/courses?key=&pageSize=1\n", 0},
		{"a parameter whose name ends in key", "    url: http://h/v1/courses?pageKey=abc\n", 0},
		{"the word key in text", "    body: '{\"note\":\"the key=value form\"}'\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			findings, err := Lint(strings.NewReader(tt.line), "mem")
			require.NoError(t, err)
			assert.Len(t, findings, tt.findings, "%v", findings)
			for _, f := range findings {
				assert.Equal(t, "credential-field", f.Rule)
			}
		})
	}
}

// TestLintPathsMatchesExtensionsInAnyCase: LEAK.YAML is a cassette as much as leak.yaml.
func TestLintPathsMatchesExtensionsInAnyCase(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "LEAK.YAML"), []byte("url: http://h/v1/courses?key=shortkey123\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Other.Yml"), []byte("url: http://h/v1/courses\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("key=shortkey123\n"), 0o644))
	findings, files, err := LintPaths(dir)
	require.NoError(t, err)
	assert.Equal(t, 2, files)
	require.Len(t, findings, 1)
	assert.Equal(t, filepath.Join(dir, "LEAK.YAML"), findings[0].File)
	assert.NotContains(t, findings[0].String(), "shortkey123")
}

// mask never shows more than a quarter of a credential, and at most six characters.
func TestMaskShowsAtMostAQuarter(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", "***"},
		{"abcdefg", "*******"},
		{"shortkey123", "sh... (11 chars)"},
		{"ya29.a0AfB_abcdefghijklmnopqrstuvwxyz", "ya29.a... (37 chars)"},
	} {
		if got := mask(tc.in); got != tc.want {
			t.Errorf("mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
