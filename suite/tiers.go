package suite

import "github.com/classroom-conformance/classroom-conformance/rules"

// ExitCodeForTiers is the exit status of a run when the rules' tiers are weighed: 1 when a
// scenario failed that checks a documented or inferred rule (any failed scenario with strict),
// or when godog failed without a failed scenario; 0 otherwise. A failure of observed rules
// alone is reported but is no verdict on the target unless strict is set. The catalogue is the
// embedded one, so an error loading it is the tool's problem (exit 2).
func (r *Result) ExitCodeForTiers(strict bool) (int, error) {
	cat, err := rules.Embedded()
	if err != nil {
		return 2, err
	}
	if r.godogFailed && r.Failed == 0 {
		return 1, nil
	}
	for _, s := range r.Scenarios {
		if s.Status == Failed && cat.Decides(s.Tags, strict) {
			return 1, nil
		}
	}
	return 0, nil
}
