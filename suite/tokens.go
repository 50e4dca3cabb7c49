package suite

import "github.com/classroom-conformance/classroom-conformance/endpoint"

// TargetTokens returns the bearer token per actor to send to a target: the profile's, or, for a
// profile that names no actor (it only sets expectations) and for no profile, the reference's
// built-in identities, which a target must then accept. The map is the caller's own.
func TargetTokens(p *endpoint.Profile) map[string]string {
	if p != nil && len(p.Actors) > 0 {
		return p.Tokens()
	}
	return BuiltinTokens()
}
