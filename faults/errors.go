package faults

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// statusNames are the canonical codes (google.rpc.Code) of the HTTP statuses a plan may answer
// with, as Google's front end maps them.
var statusNames = map[int]string{
	400: "INVALID_ARGUMENT",
	401: "UNAUTHENTICATED",
	403: "PERMISSION_DENIED",
	404: "NOT_FOUND",
	409: "ABORTED",
	429: "RESOURCE_EXHAUSTED",
	500: "INTERNAL",
	501: "UNIMPLEMENTED",
	503: "UNAVAILABLE",
	504: "DEADLINE_EXCEEDED",
}

// statusMessages are Google's generic messages for those codes.
var statusMessages = map[int]string{
	400: "Request contains an invalid argument.",
	401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
	403: "The caller does not have permission",
	404: "Requested entity was not found.",
	409: "The operation was aborted.",
	429: "Resource has been exhausted (e.g. check quota).",
	500: "Internal error encountered.",
	501: "Operation is not implemented, or supported, or enabled.",
	503: "The service is currently unavailable.",
	504: "The request timed out.",
}

func knownStatuses() string {
	codes := make([]int, 0, len(statusNames))
	for c := range statusNames {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = strconv.Itoa(c)
	}
	return strings.Join(s, ", ")
}

// writeError answers in Google's error envelope. An empty status is the canonical name of code.
func writeError(w http.ResponseWriter, code int, status, message string) {
	if status == "" {
		status = statusNames[code]
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": message, "status": status}})
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Del("Content-Encoding")
	w.WriteHeader(code)
	w.Write(b)
}
