package steps

import "github.com/classroom-conformance/classroom-conformance/endpoint"

// Actors returns the actors a scenario with these step texts acts as, in order of first
// mention, as the vocabulary reads them (the anonymous caller, who needs no token, left out).
// It is what a profile must give a token for, so that a listing can say it before a run.
func Actors(stepTexts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, text := range stepTexts {
		for _, m := range actorInText.FindAllStringSubmatch(quoted.ReplaceAllString(text, `""`), -1) {
			if a := actorOf(m[1]); a != endpoint.Anonymous && !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}
