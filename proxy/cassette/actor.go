package cassette

import "context"

// ActorHeader is the request header under which a recorded interaction keeps the label of the
// caller (an actor name such as "teacher", or a label derived from a token). It lives only in
// the cassette: it is never sent upstream, and it never holds a credential.
const ActorHeader = "Classroom-Conformance-Actor"

type actorKey struct{}

// WithActor returns a context carrying the label of the caller of the requests sent with it.
// The suite puts the actor's name there, so that a recording made with real tokens replays with
// dummy ones.
func WithActor(ctx context.Context, label string) context.Context {
	return context.WithValue(ctx, actorKey{}, label)
}

// ActorFrom returns the label WithActor stored in ctx, and whether there was one.
func ActorFrom(ctx context.Context) (string, bool) {
	a, ok := ctx.Value(actorKey{}).(string)
	return a, ok
}
