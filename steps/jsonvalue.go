package steps

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/big"
)

// decodeJSON decodes exactly one JSON value, keeping numbers exact.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("text after the JSON value")
	}
	return v, nil
}

// jsonEqual compares decoded JSON values: objects by their members whatever the order, arrays
// element by element, numbers by value (100, 100.0 and 1e2 are equal).
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		fx, _, errx := big.ParseFloat(string(x), 10, 200, big.ToNearestEven)
		fy, _, erry := big.ParseFloat(string(y), 10, 200, big.ToNearestEven)
		return errx == nil && erry == nil && fx.Cmp(fy) == 0
	default: // string, bool, nil
		return a == b
	}
}

// compactJSON shows a JSON document on one line for a failure message.
func compactJSON(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return s
	}
	return b.String()
}
