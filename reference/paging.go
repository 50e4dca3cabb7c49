package reference

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"strconv"
)

// Page sizes: "Zero or unspecified indicates that the server may assign a maximum."
const (
	defaultPageSize = 100
	maxPageSize     = 1000
)

// paginate returns one page of items for a list call, honouring pageSize and pageToken, and the
// token of the next page ("" on the last page). defaultSize 0 means defaultPageSize. A page token
// encodes the offset and a fingerprint of the request, so a token used with a different request
// ("The list request must be otherwise identical to the one that resulted in this token") or a
// token that was never issued is INVALID_ARGUMENT.
func paginate[T any](c *call, items []T, defaultSize int) ([]T, string, *APIError) {
	size := defaultSize
	if size <= 0 {
		size = defaultPageSize
	}
	if v := c.query.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, "", errInvalidArgument("pageSize must be a non-negative integer, not %q.", v)
		}
		if n > 0 {
			size = min(n, maxPageSize)
		}
	}
	fp := listFingerprint(c)
	offset := 0
	if tok := c.query.Get("pageToken"); tok != "" {
		off, ok := decodePageToken(tok, fp)
		if !ok {
			return nil, "", errInvalidArgument("Invalid page token: it was not issued for this request.")
		}
		offset = off
	}
	if offset >= len(items) {
		return nil, "", nil
	}
	end := min(offset+size, len(items))
	next := ""
	if end < len(items) {
		next = encodePageToken(end, fp)
	}
	return items[offset:end], next, nil
}

func pageTokenMAC(offset int, fingerprint string) []byte {
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(offset) + "|" + fingerprint))
	return h.Sum(nil)[:12]
}

func encodePageToken(offset int, fingerprint string) string {
	b := binary.AppendUvarint(nil, uint64(offset))
	b = append(b, pageTokenMAC(offset, fingerprint)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodePageToken(tok, fingerprint string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	off, n := binary.Uvarint(b)
	if n <= 0 || off > 1<<31 || len(b) != n+12 {
		return 0, false
	}
	want := pageTokenMAC(int(off), fingerprint)
	for i := range want {
		if b[n+i] != want[i] {
			return 0, false
		}
	}
	return int(off), true
}

// listFingerprint is what identifies a list request for its page tokens: the method, the path
// and every query parameter but pageSize and pageToken. "The list request must be otherwise
// identical to the one that resulted in this token."
func listFingerprint(c *call) string {
	q := url.Values{}
	for k, v := range c.query {
		switch k {
		case "pageSize", "pageToken", "prettyPrint", "fields", "alt", "$.xgafv", "quotaUser", "key", "access_token", "oauth_token":
			continue
		}
		q[k] = v
	}
	return c.method.ID + "|" + c.req.URL.Path + "|" + q.Encode() + "|" + c.who.UserID
}
