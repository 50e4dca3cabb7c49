package cassette

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// ErrStale marks a recording that no longer agrees with what replays it: a request it has no
// answer for, or answers nothing asked for. The fix is to record it again, not to change the
// code under test.
var ErrStale = errors.New("stale recording")

// ErrIncomplete reports a cassette whose document stops before an interaction is whole (as a
// crash in the middle of a write by another tool leaves one): a missing status code, a request
// without a method or URL, an empty entry.
var ErrIncomplete = errors.New("incomplete interaction")

// A LoadError is why a cassette could not be loaded, with the file and, when known, the line.
// Load returns nothing else, so a caller can tell bad input from a miss.
type LoadError struct {
	Path string
	Line int // 0 when the problem has no line (a missing or unreadable file)
	Err  error
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("load cassette %s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("load cassette %s: %v", e.Path, e.Err)
}

// Unwrap gives the cause: fs.ErrNotExist, ErrUnsupportedFormat, ErrIncomplete, a YAML error...
func (e *LoadError) Unwrap() error { return e.Err }

// check refuses a document that could replay something never recorded: another format version,
// or an interaction without a status code, a method or a URL. Without this, a cassette cut just
// before the status code of its last interaction would answer it 200 with an empty body.
func check(path string, data []byte, doc *document) error {
	if err := checkVersion(path, data, doc.Version); err != nil {
		return err
	}
	for n, i := range doc.Interactions {
		if why := incomplete(i); why != "" {
			return &LoadError{Path: path, Line: entryLine(data, n), Err: fmt.Errorf("interaction %d: %s: %w", n, why, ErrIncomplete)}
		}
	}
	return nil
}

func checkVersion(path string, data []byte, version int) error {
	if version != FormatVersion {
		return &LoadError{Path: path, Line: keyLine(data, "version:"), Err: fmt.Errorf("version %d: %w (want %d)", version, ErrUnsupportedFormat, FormatVersion)}
	}
	return nil
}

// incomplete says what an interaction lacks to be replayed as recorded, or "".
func incomplete(i *vcr.Interaction) string {
	switch {
	case i == nil:
		return "empty entry"
	case i.Request.Method == "":
		return "request without a method"
	case i.Request.URL == "":
		return "request without a URL"
	case i.Response.Code == 0:
		return "response without a status code"
	case i.Response.Code < 100 || i.Response.Code > 999:
		return "response with status code " + strconv.Itoa(i.Response.Code)
	}
	return ""
}

// keyLine returns the line of the first line of data that starts with key, or 0.
func keyLine(data []byte, key string) int {
	num := 1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		lineText := data
		if end >= 0 {
			lineText = data[:end]
		}
		if bytes.HasPrefix(lineText, []byte(key)) {
			return num
		}
		if end < 0 {
			break
		}
		data, num = data[end+1:], num+1
	}
	return 0
}

// entryLine returns the line where the nth entry of the interactions sequence starts, in the
// block layout go-vcr writes ("    - id: 0"), or 0 when the layout is another.
func entryLine(data []byte, n int) int {
	start := keyLine(data, "interactions:")
	if start == 0 {
		return 0
	}
	num, seen, indent := 1, -1, -1
	for len(data) > 0 {
		end := bytes.IndexByte(data, '\n')
		lineText := data
		if end >= 0 {
			lineText = data[:end]
		}
		if num > start {
			trimmed := bytes.TrimLeft(lineText, " ")
			col := len(lineText) - len(trimmed)
			if bytes.HasPrefix(trimmed, []byte("-")) && (indent < 0 || col == indent) {
				indent = col
				if seen++; seen == n {
					return num
				}
			}
		}
		if end < 0 {
			break
		}
		data, num = data[end+1:], num+1
	}
	return 0
}
