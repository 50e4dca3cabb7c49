package faults_test

import (
	"errors"
	"testing"

	"github.com/classroom-conformance/classroom-conformance/faults"
)

// FuzzParse feeds any bytes as a plan, as POST /_faults receives them: Parse never panics,
// refuses with a *ParseError, and a plan it accepts accounts for every instruction.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"faults:\n  classroom.courses.get:\n    - status: 429\n    - {delay: 1s, status: 503, retryAfter: 2}\n    - reset: true\n    - truncate: 10\n    - after: 3\n",
		`{"faults":{"classroom.courses.list":[{"status":403,"code":"@ProjectPermissionDenied","message":"m"}]}}`,
		"faults: {}\n", "", "faults:\n  x: [1]\n", "- a\n- b\n", "faults:\n  classroom.courses.get: &a [*a]\n",
	} {
		f.Add(seed)
	}
	d := doc(f)
	f.Fuzz(func(t *testing.T, plan string) {
		p, err := faults.Parse([]byte(plan), d)
		if err != nil {
			var pe *faults.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		for _, s := range p.Statuses() {
			if s.Kind == "" || s.Line < 1 || s.Fired {
				t.Fatalf("instruction %+v of an unused plan", s)
			}
		}
	})
}
