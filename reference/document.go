package reference

// DiscoveryDocument returns a copy of Google's discovery document of the Classroom API v1, the
// one the reference takes its routes and schemas from, so that a tool judging Classroom traffic
// (verify names methods and finds enums and timestamps with it) reads the same description.
func DiscoveryDocument() []byte { return append([]byte(nil), discoveryJSON...) }
