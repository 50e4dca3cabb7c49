package proxy

import (
	"net/http"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

// TokenLabel labels the caller of a request by a digest of its credentials, never the
// credentials themselves; see endpoint.TokenLabel. It is the proxy's Identity when no profile
// names the callers.
func TokenLabel(r *http.Request) string { return endpoint.TokenLabel(r) }
