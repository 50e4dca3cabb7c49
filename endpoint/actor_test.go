package endpoint

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenLabel(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		query  string
		want   string
	}{
		{"bearer token", http.Header{"Authorization": {"Bearer abc"}}, "", "token-" + digest("abc")},
		{"access_token parameter", nil, "access_token=abc", "token-" + digest("abc")},
		{"the header wins", http.Header{"Authorization": {"Bearer abc"}}, "access_token=def", "token-" + digest("abc")},
		{"API key", http.Header{"X-Goog-Api-Key": {"AIzaXYZ"}}, "", "key-" + digest("AIzaXYZ")},
		{"key parameter", nil, "key=AIzaXYZ", "key-" + digest("AIzaXYZ")},
		{"nothing", nil, "", Anonymous},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{Header: tt.header, URL: &url.URL{RawQuery: tt.query}}
			if r.Header == nil {
				r.Header = http.Header{}
			}
			got := TokenLabel(r)
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, "abc")
			assert.LessOrEqual(t, len(got), len("token-")+12, "the label reveals too much")
		})
	}
}

func TestLabeller(t *testing.T) {
	label, err := Labeller(map[string]string{"teacher": "tok-t", "student": "tok-s", "outsider": ""})
	require.NoError(t, err)
	req := func(auth string) *http.Request {
		r := &http.Request{Header: http.Header{}, URL: &url.URL{Path: "/v1/courses"}}
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		return r
	}
	assert.Equal(t, "teacher", label(req("Bearer tok-t")))
	assert.Equal(t, "student", label(req("Bearer tok-s")))
	assert.Equal(t, Anonymous, label(req("")))
	assert.Equal(t, "token-"+digest("other"), label(req("Bearer other")), "a caller no actor names keeps its digest")

	_, err = Labeller(map[string]string{"teacher": "same", "student": "same"})
	assert.ErrorContains(t, err, `actors "student" and "teacher" have the same token`)
}
