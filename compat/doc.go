// Package compat drives the reference emulator with Google's official Go client for the
// Classroom API, google.golang.org/api/classroom/v1, to prove that what the emulator serves is
// what real client code expects: the same paths, field names, paging and error envelopes. It
// also records the client's traffic through the built proxy command with a profile, and
// verifies the recording against a reference with other ids, as users of `verify` do.
//
// It is a module of its own so that the client library's dependencies do not weigh on the main
// module. `make test` runs its tests.
package compat
