package redact

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const (
	accessToken  = "ya29.a0AfB_byC1234567890abcdefghijklmnopqrstuvwxyz"
	refreshToken = "1//0gABCDEFGHIJKLMNOPQRSTUVWXYZabcdef-_123"
	apiKey       = "AIzaSyA1234567890abcdefghijklmnopqrstuv"
	jwt          = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl"
)

func mustNew(t *testing.T, opts Options) *Redactor {
	t.Helper()
	r, err := New(opts)
	require.NoError(t, err)
	return r
}

func TestHeaders(t *testing.T) {
	r := mustNew(t, Options{Headers: []string{"x-my-secret"}})
	tests := []struct {
		name, header, value, want string
	}{
		{"a bearer token keeps its scheme", "Authorization", "Bearer " + accessToken, "Bearer REDACTED"},
		{"basic credentials keep their scheme", "Authorization", "Basic dXNlcjpwYXNzd29yZA==", "Basic REDACTED"},
		{"a bare credential is replaced", "Authorization", accessToken, Placeholder},
		{"proxy credentials", "Proxy-Authorization", "Bearer abc", "Bearer REDACTED"},
		{"cookies", "Cookie", "SID=abc; HSID=def", Placeholder},
		{"set-cookie", "Set-Cookie", "SID=abc; Path=/; HttpOnly", Placeholder},
		{"api key header", "X-Goog-Api-Key", apiKey, Placeholder},
		{"an extra header, named in any case", "X-My-Secret", "hunter2", Placeholder},
		{"a token in another header is scrubbed", "X-Forwarded-Token", "tok " + accessToken, "tok " + Placeholder},
		{"an ordinary header is left alone", "User-Agent", "google-api-go-client/0.5", "google-api-go-client/0.5"},
		{"an already redacted value stays", "Authorization", "Bearer REDACTED", "Bearer REDACTED"},
		{"an empty value stays empty", "Cookie", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			h.Set(tt.header, tt.value)
			changed := r.Header(h)
			if got := h.Get(tt.header); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if changed != (tt.value != tt.want) {
				t.Errorf("changed = %v", changed)
			}
			if r.Header(h) {
				t.Error("redacting twice changed something")
			}
		})
	}
}

func TestQuery(t *testing.T) {
	r := Default()
	tests := []struct{ name, in, want string }{
		{"access token", "pageSize=10&access_token=" + accessToken + "&alt=json", "pageSize=10&access_token=REDACTED&alt=json"},
		{"oauth token and key", "oauth_token=abc&key=" + apiKey, "oauth_token=REDACTED&key=REDACTED"},
		{"order and escaping kept", "b=2&a=%2Fx&c=", "b=2&a=%2Fx&c="},
		{"a token in another parameter", "state=" + accessToken, "state=REDACTED"},
		{"an escaped refresh token", "next=" + strings.ReplaceAll(refreshToken, "/", "%2F"), "next=REDACTED"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Query(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if got := r.Query(tt.want); got != tt.want {
				t.Errorf("not idempotent: %q", got)
			}
		})
	}
}

func TestURL(t *testing.T) {
	r := Default()
	got := r.URL("https://user:pw@classroom.googleapis.com/v1/courses?access_token=" + accessToken)
	want := "https://user:REDACTED@classroom.googleapis.com/v1/courses?access_token=REDACTED"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBody(t *testing.T) {
	r := mustNew(t, Options{JSONPaths: []string{"course.ownerId", "..email", "teachers.*.name"}})
	tests := []struct {
		name, contentType, in, want string
	}{
		{"an OAuth token answer keeps its layout",
			"application/json",
			"{\n  \"access_token\": \"" + accessToken + "\",\n  \"expires_in\": 3599,\n  \"refresh_token\": \"" + refreshToken + "\",\n  \"id_token\": \"" + jwt + "\"\n}",
			"{\n  \"access_token\": \"REDACTED\",\n  \"expires_in\": 3599,\n  \"refresh_token\": \"REDACTED\",\n  \"id_token\": \"REDACTED\"\n}"},
		{"credential fields at any depth, any value type",
			"",
			`{"a":{"client_secret":"s3cr3t","b":[{"password":123},{"privateKey":{"k":"v"}}]},"accessToken":null,"idToken":""}`,
			`{"a":{"client_secret":"REDACTED","b":[{"password":"REDACTED"},{"privateKey":"REDACTED"}]},"accessToken":null,"idToken":""}`},
		{"extra paths from the root, at any depth and with a wildcard",
			"application/json",
			`{"course":{"ownerId":"105","name":"x"},"ownerId":"keep","x":[{"email":"a@b.c"}],"teachers":[{"p":{"name":"T"}},{"name":"U"}]}`,
			`{"course":{"ownerId":"REDACTED","name":"x"},"ownerId":"keep","x":[{"email":"REDACTED"}],"teachers":[{"p":{"name":"REDACTED"}},{"name":"U"}]}`},
		{"a form token exchange",
			"application/x-www-form-urlencoded",
			"grant_type=refresh_token&refresh_token=" + strings.ReplaceAll(refreshToken, "/", "%2F") + "&client_secret=abc&code=4%2F0Ab",
			"grant_type=refresh_token&refresh_token=REDACTED&client_secret=REDACTED&code=REDACTED"},
		{"credentials in text",
			"text/plain",
			"token " + accessToken + " key " + apiKey + " jwt " + jwt + "\nAuthorization: Bearer abcdefghijklmnopqrstuvwxyz",
			"token REDACTED key REDACTED jwt REDACTED\nAuthorization: Bearer REDACTED"},
		{"invalid JSON is scrubbed as text", "application/json", `{"access_token":"` + accessToken + `"`, `{"access_token":"REDACTED"`},
		{"a Classroom answer is untouched", "application/json", `{"id":"1","title":"Key dates","enrollmentCode":"abc"}`, `{"id":"1","title":"Key dates","enrollmentCode":"abc"}`},
		{"a private key", "", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", "REDACTED\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Body(tt.in, tt.contentType)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if again := r.Body(got, tt.contentType); again != got {
				t.Errorf("not idempotent: %q", again)
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, opts := range []Options{
		{Headers: []string{"bad header"}},
		{Headers: []string{""}},
		{JSONPaths: []string{""}},
		{JSONPaths: []string{"a..b"}},
		{JSONPaths: []string{".."}},
	} {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) accepted", opts)
		}
	}
}

// The quick test that lets most bodies skip JSON parsing must not miss a credential field.
func TestFieldStemsCoverBuiltinFields(t *testing.T) {
	for _, f := range builtinFields {
		found := false
		for _, s := range fieldStems {
			found = found || strings.Contains(f, s)
		}
		if !found {
			t.Errorf("no stem of fieldStems in %q", f)
		}
	}
}

var shapes = regexp.MustCompile(`ya29\.[0-9A-Za-z_\-]{8,}|1//0[0-9A-Za-z_\-]{16,}|AIza[0-9A-Za-z_\-]{35}`)

func FuzzBody(f *testing.F) {
	f.Add(`{"access_token":"`+accessToken+`"}`, "application/json")
	f.Add("refresh_token="+refreshToken, "application/x-www-form-urlencoded")
	f.Add("key "+apiKey+" "+jwt, "")
	f.Add(`[{"a":[{"password":{"x":[1,2]}}]}]`, "")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		r := mustNew(t, Options{JSONPaths: []string{"..a", "x.*.y"}})
		got := r.Body(body, contentType)
		if again := r.Body(got, contentType); again != got {
			t.Fatalf("not idempotent:\n%q\n%q\n%q", body, got, again)
		}
		if m := shapes.FindString(got); m != "" {
			t.Fatalf("credential %q survived in %q", m, got)
		}
	})
}
