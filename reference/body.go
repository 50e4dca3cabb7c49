package reference

import (
	"errors"
	"net/http"
	"strconv"
)

// bodyError is the answer to a request whose body could not be read. Google's front end answers
// a body above its limit with 413 and INVALID_ARGUMENT (as the proxy does); a body that ends
// before its declared length, or arrives too slowly for the server's read timeout, is a
// malformed request.
func bodyError(err error, limit int64) *APIError {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &APIError{Status: "INVALID_ARGUMENT", HTTP: http.StatusRequestEntityTooLarge,
			Message: "Request payload size exceeds the limit: " + strconv.FormatInt(limit, 10) + " bytes."}
	}
	return apiErrorf("INVALID_ARGUMENT", "The request body could not be read: it ended before its declared length or arrived too slowly.")
}
