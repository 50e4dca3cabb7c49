package redact

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKnownMasksWholeTokensOnly(t *testing.T) {
	tests := []struct {
		name    string
		secrets []string
		in      string
		want    string
	}{
		{"a one-letter token leaves the words around it alone", []string{"t", "a"},
			`Get "http://127.0.0.1:1/v1/courses?pageSize=1": dial tcp: connection refused`,
			`Get "http://127.0.0.1:1/v1/courses?pageSize=1": dial tcp: connection refused`},
		{"a one-letter token standing alone is masked", []string{"t"},
			`Authorization: Bearer t`, `Authorization: Bearer ` + Placeholder},
		{"a token in a JSON string", []string{"tok-teacher"},
			`{"token":"tok-teacher"}`, `{"token":"` + Placeholder + `"}`},
		{"a token inside a longer one is not this token", []string{"tok-1"},
			`tok-12 and tok-1.`, `tok-12 and ` + Placeholder + `.`},
		{"a token in a query value", []string{"abc123"},
			`/v1/courses?access_token=abc123&x=1`, `/v1/courses?access_token=` + Placeholder + `&x=1`},
		{"the longer of two overlapping secrets is masked whole", []string{"tok", "tok-teacher"},
			`tok-teacher tok`, Placeholder + ` ` + Placeholder},
		{"a token of punctuation is masked wherever it is", []string{"+/="},
			`a+/=b`, `a` + Placeholder + `b`},
		{"no secrets, no change", nil, `GET /v1/courses`, `GET /v1/courses`},
		{"empty secrets are ignored", []string{""}, `GET /v1/courses`, `GET /v1/courses`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, NewKnown(tt.secrets...).Mask(tt.in))
		})
	}
}

func TestKnownZeroValueMasksNothing(t *testing.T) {
	assert.Equal(t, "Bearer t", Known{}.Mask("Bearer t"))
}
