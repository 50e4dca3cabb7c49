package reference

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// createCourse creates a course as the teacher and returns its id and enrolment code.
func seededCourse(t *testing.T, s *Server) (id, code string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/courses", strings.NewReader(`{"name":"Seeded","ownerId":"me"}`))
	req.Header.Set("Authorization", "Bearer tok-teacher")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("create course: %d %s", rec.Code, rec.Body)
	}
	var c struct{ ID, EnrollmentCode string }
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID, c.EnrollmentCode
}

func TestSeedSelectsTheIDs(t *testing.T) {
	newServer := func(seed int64) *Server {
		s, err := New(Options{Seed: seed})
		require.NoError(t, err)
		return s
	}
	// Seed 0 is the sequence the shipped recordings were made with: its first course id is
	// the one every recording starts from.
	if id, _ := seededCourse(t, newServer(0)); id != "700001007922" {
		t.Errorf("seed 0: first course id %s, want 700001007922", id)
	}
	seen := map[string]int64{}
	codes := map[string]int64{}
	for _, seed := range []int64{0, 1, 2, 3, 42, -1, 1 << 40} {
		id, code := seededCourse(t, newServer(seed))
		again, againCode := seededCourse(t, newServer(seed))
		if id != again || code != againCode {
			t.Errorf("seed %d: %s/%s then %s/%s: the same seed must give the same ids", seed, id, code, again, againCode)
		}
		if len(id) != 12 {
			t.Errorf("seed %d: course id %s is not 12 digits", seed, id)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("seeds %d and %d both give course id %s", prev, seed, id)
		}
		if prev, dup := codes[code]; dup {
			t.Errorf("seeds %d and %d both give enrolment code %s", prev, seed, code)
		}
		seen[id], codes[code] = seed, seed
	}
}

func TestSeededSequenceStaysClearOfTheUnseededOne(t *testing.T) {
	for seed := int64(1); seed < 2000; seed++ {
		if s := seqStart(seed); s < seedFloor || s >= seedFloor+seedSpan {
			t.Fatalf("seed %d starts at %d, outside [%d, %d)", seed, s, seedFloor, seedFloor+seedSpan)
		}
	}
}
