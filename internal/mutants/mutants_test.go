package mutants

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The list is a contract with three packages' tests: every mutant names the rules that must
// catch it, and where it names a method for verify it names the field too.
func TestAllIsAContract(t *testing.T) {
	all, err := All()
	require.NoError(t, err)
	names := map[string]bool{}
	verified := 0
	for _, m := range all {
		assert.False(t, names[m.Name], "two mutants are called %q", m.Name)
		names[m.Name] = true
		assert.NotNil(t, m.Mutate, m.Name)
		assert.NotEmpty(t, m.Rules, m.Name)
		assert.Equal(t, m.Method == "", m.Field == "", "%s: a method for verify needs a field, and a field a method", m.Name)
		if m.Method != "" {
			verified++
		}
	}
	assert.Len(t, all, 27)
	assert.Equal(t, 22, verified)
}

func TestFailedPreconditionAs409(t *testing.T) {
	envelope := `{"error":{"code":400,"message":"Precondition check failed.","status":"FAILED_PRECONDITION"}}`
	ref := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, envelope)
	})
	tests := []struct {
		name   string
		mutate Middleware
		code   int
		body   string
		hits   int
	}{
		{"the fault", FailedPreconditionAs409(), http.StatusConflict, `{"error":{"code":409,"message":"Precondition check failed.","status":"FAILED_PRECONDITION"}}`, 1},
		{"the control", Control(), http.StatusBadRequest, envelope, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := 0
			rec := httptest.NewRecorder()
			tt.mutate(ref, func() { hits++ }).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/v1/courses/1/courseWork/2/studentSubmissions/3:reclaim", nil))
			assert.Equal(t, tt.code, rec.Code)
			assert.JSONEq(t, tt.body, rec.Body.String())
			assert.Equal(t, "application/json; charset=UTF-8", rec.Header().Get("Content-Type"))
			assert.Equal(t, tt.hits, hits)
		})
	}
}
