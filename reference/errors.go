package reference

import (
	"errors"
	"fmt"
	"net/http"
)

// An APIError is a Classroom error as Google's front end reports it: the canonical status name,
// the HTTP code of that status, and a message that, where Classroom documents a specific error
// type, starts with "@Type ".
//
// Every error leaves the emulator through writeError, so no handler can get the envelope wrong.
type APIError struct {
	Status  string // canonical google.rpc.Code name, e.g. "FAILED_PRECONDITION"
	Message string
	// HTTP is the HTTP code where Google's front end answers with another than the status's
	// (413 for a body above its limit, with INVALID_ARGUMENT); zero means the status's.
	HTTP int
}

func (e *APIError) Error() string { return e.Status + ": " + e.Message }

// Code is the HTTP status code Google maps the canonical status to.
func (e *APIError) Code() int {
	if e.HTTP != 0 {
		return e.HTTP
	}
	return httpCode(e.Status)
}

// httpCode is the "HTTP Mapping" of google.rpc.Code.
func httpCode(status string) int {
	switch status {
	case "OK":
		return http.StatusOK
	case "CANCELLED":
		return 499
	case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE":
		return http.StatusBadRequest
	case "DEADLINE_EXCEEDED":
		return http.StatusGatewayTimeout
	case "NOT_FOUND":
		return http.StatusNotFound
	case "ALREADY_EXISTS", "ABORTED":
		return http.StatusConflict
	case "PERMISSION_DENIED":
		return http.StatusForbidden
	case "UNAUTHENTICATED":
		return http.StatusUnauthorized
	case "RESOURCE_EXHAUSTED":
		return http.StatusTooManyRequests
	case "UNIMPLEMENTED":
		return http.StatusNotImplemented
	case "UNAVAILABLE":
		return http.StatusServiceUnavailable
	default: // UNKNOWN, INTERNAL, DATA_LOSS
		return http.StatusInternalServerError
	}
}

// Generic messages Google sends when no specific error type applies.
const (
	msgInvalidArgument    = "Request contains an invalid argument."
	msgNotFound           = "Requested entity was not found."
	msgPermissionDenied   = "The caller does not have permission"
	msgFailedPrecondition = "Precondition check failed."
	msgProjectDenied      = "@ProjectPermissionDenied The Developer Console project is not permitted to make this request."
	msgInsufficientScopes = "Request had insufficient authentication scopes."
	msgMissingCredentials = "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
	msgInvalidCredentials = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
)

func apiErrorf(status, format string, args ...any) *APIError {
	return &APIError{Status: status, Message: fmt.Sprintf(format, args...)}
}

func errInvalidArgument(format string, args ...any) *APIError {
	return apiErrorf("INVALID_ARGUMENT", format, args...)
}

func errNotFound(what string) *APIError {
	if what == "" {
		return &APIError{Status: "NOT_FOUND", Message: msgNotFound}
	}
	return &APIError{Status: "NOT_FOUND", Message: msgNotFound + " " + what}
}

func errPermissionDenied(why string) *APIError {
	if why == "" {
		return &APIError{Status: "PERMISSION_DENIED", Message: msgPermissionDenied}
	}
	return &APIError{Status: "PERMISSION_DENIED", Message: msgPermissionDenied + ": " + why}
}

// errProjectPermissionDenied is the documented error for modifying an item that another Developer
// Console project created.
func errProjectPermissionDenied() *APIError {
	return &APIError{Status: "PERMISSION_DENIED", Message: msgProjectDenied}
}

func errFailedPrecondition(format string, args ...any) *APIError {
	return apiErrorf("FAILED_PRECONDITION", format, args...)
}

// errorBody is the JSON envelope of an error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Status  string `json:"status"`
}

// asAPIError turns any error into the APIError to report: errors that are not API errors are
// internal errors, reported without their text, which may hold details of the emulator itself.
func asAPIError(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	return &APIError{Status: "INTERNAL", Message: "Internal error encountered."}
}
