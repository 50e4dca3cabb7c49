package cassette

// ActorHeader is the request header under which a recorded interaction keeps the label of the
// caller (an actor name such as "teacher", or a label derived from a token). It lives only in
// the cassette: it is never sent upstream, and it never holds a credential.
const ActorHeader = "Classroom-Conformance-Actor"
