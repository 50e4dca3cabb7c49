// Package verify turns recorded Classroom traffic into a conformance test for any server. It
// re-sends every request of a cassette, in recorded order and as the actor that sent it, to a
// target, and compares the answers with the recorded ones.
//
// A recording cannot be compared literally: every id, enrolment code and page token differs on
// another server. So the comparison binds: where the recording and the target answer different
// strings that the server assigned, the recorded value is bound to the target's, later requests
// are rewritten through the bindings (path segments, query values, JSON strings), and the target
// is held to them (the same object keeps the same id everywhere after). Which values are the
// server's is learnt from the traffic, not listed: a value the client sent is the client's, an
// enum value (from the discovery document) is a literal, and volatile values (timestamps, links,
// Drive folders, entity tags; volatile.yaml) are compared by shape.
//
// Against Google itself, the same comparison is a drift report: what Google now does
// differently from the recordings. Update rewrites the cassettes that differ from the fresh
// traffic, so a refresh is reviewed as a diff.
package verify
