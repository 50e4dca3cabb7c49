package proxy

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// The proxy's own errors use Google's JSON error envelope, so a client library reports them
// like any other API error:
//
//	{"error":{"code":502,"message":"...","status":"UNAVAILABLE"}}
//
// The codes and statuses, and why:
//
//   - 501 UNIMPLEMENTED: replay has no recorded answer. Not 404: Classroom answers 404
//     NOT_FOUND routinely and scenarios assert it, so a missing recording must never look like
//     one. No Classroom method documents a 501.
//   - 502 UNAVAILABLE: the upstream could not be reached or broke the connection. UNAVAILABLE is
//     the status Google's clients treat as transient; 502 (not UNAVAILABLE's usual 503) says it
//     was the gateway, not the service, that failed.
//   - 504 DEADLINE_EXCEEDED: the upstream did not answer within the proxy's timeout; the
//     canonical HTTP code of DEADLINE_EXCEEDED.
//   - 413 INVALID_ARGUMENT: the request body is above the limit, with the message Google's
//     front end gives ("Request payload size exceeds the limit: N bytes."); the request itself
//     is at fault and retrying it cannot help.
//   - 501 UNIMPLEMENTED: a CONNECT request; the proxy forwards to its upstream only.
//   - 500 INTERNAL: the proxy is misconfigured.

// MissHeader is set on the proxy's answer to a request that replay has no recording for, so
// tools can tell a replay miss from an answer of the API.
const MissHeader = "Classroom-Conformance-Replay-Miss"

type envelope struct {
	Error envelopeError `json:"error"`
}

type envelopeError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

// writeError answers with Google's error envelope.
func writeError(w http.ResponseWriter, code int, status, message string) {
	data, err := json.Marshal(envelope{envelopeError{Code: code, Message: message, Status: status}})
	if err != nil { // cannot happen: strings and an int
		data = []byte(`{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}`)
		code = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	w.Write(data)
}
