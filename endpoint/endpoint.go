// Package endpoint is the seam between the conformance steps and the server they check: a Target
// sends a scenario's request as one of its actors, whether the server is Google, a compatible
// implementation, the embedded reference or a cassette. It also reads the target profiles that
// say where a server is, which bearer token stands for each actor, and which documented
// ambiguities the server is expected to resolve which way.
package endpoint

import (
	"context"
	"errors"
	"net/http"
)

// A Target is where scenarios send their requests: a live server, or a cassette.
//
// The request carries a path and a query relative to the target (for example
// "/v1/courses?pageSize=1"); the target resolves it, adds the actor's credentials and sends it.
// The caller closes the response body.
type Target interface {
	Do(ctx context.Context, actor string, req *http.Request) (*http.Response, error)
}

// An ActorSet reports whether a target can act as an actor. Targets implement it so that a
// scenario naming an actor the profile lacks is skipped before it sends anything.
type ActorSet interface {
	HasActor(actor string) bool
}

// Anonymous is the actor of requests sent with no credentials at all ("an anonymous caller").
// It needs no token, and it is the label such requests carry in recordings.
const Anonymous = "anonymous"

// ErrNoToken reports that the profile has no token for the actor a request is sent as. The
// steps skip such a scenario rather than fail it.
var ErrNoToken = errors.New("profile has no token for actor")

// NoTokenError is the error of a request sent as an actor the profile lacks. It wraps ErrNoToken
// and its message is the reason a skipped scenario reports.
type NoTokenError struct{ Actor string }

// Error returns the reason the scenario is skipped.
func (e *NoTokenError) Error() string { return "profile has no token for actor " + e.Actor }

// Unwrap makes errors.Is(err, ErrNoToken) hold.
func (e *NoTokenError) Unwrap() error { return ErrNoToken }

// Actors returns the names of the actors of docs/steps.md, as profiles and the reference's
// built-in identities spell them ("the teacher" in a step is the actor "teacher").
func Actors() []string {
	return []string{
		"teacher",
		"student",
		"other student",
		"outsider",
		"teacher via project B",
		"student via project B",
		"student without coursework scope",
	}
}

// IsActor reports whether name is one of Actors.
func IsActor(name string) bool {
	for _, a := range Actors() {
		if a == name {
			return true
		}
	}
	return false
}

// A SecretKeeper holds secrets (the tokens of a profile) and tells them, so that whatever prints
// a request, a response or an error can mask them. The live target is one; a target that wraps
// another passes the question on.
type SecretKeeper interface {
	Secrets() []string
}
