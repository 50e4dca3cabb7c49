package reference

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// decodeBody checks a request body against the method's request schema the way Google's front
// end does (unknown names, JSON types, enum values, int32 ranges, timestamps) and decodes it into
// v. An empty body and the JSON literal null are the empty message. Field names may be given in
// JSON form (dueDate) or in proto form (due_date), as Google accepts both.
func (d *discovery) decodeBody(m *apiMethod, body []byte, v any) *APIError {
	var root *schema
	if m.Request != nil {
		root = d.Schemas[m.Request.Ref]
	}
	if root == nil {
		return nil // the method takes no body: Google ignores one
	}
	norm, err := d.normalizeBody(root, body)
	if err != nil {
		return err
	}
	data, merr := json.Marshal(norm)
	if merr != nil {
		return errInvalidArgument("Invalid JSON payload received. %v", merr)
	}
	if uerr := json.Unmarshal(data, v); uerr != nil {
		return errInvalidArgument("Invalid JSON payload received. %v", uerr)
	}
	return nil
}

// normalizeBody parses body and returns it as a JSON tree with JSON field names, nulls removed
// and numbers checked, or the INVALID_ARGUMENT error Google would give.
func (d *discovery) normalizeBody(root *schema, body []byte) (map[string]any, *APIError) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, errInvalidArgument("Invalid JSON payload received. %s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errInvalidArgument("Invalid JSON payload received. Unexpected data after the end of the JSON value.")
	}
	if raw == nil {
		return map[string]any{}, nil
	}
	switch raw.(type) {
	case map[string]any:
	case []any:
		// Google's wording for an array, as observed.
		return nil, errInvalidArgument(`Invalid JSON payload received. Unknown name "": Root element must be a message.`)
	default:
		return nil, errInvalidArgument("Invalid JSON payload received. Root element must be a message.")
	}
	path := ""
	if !strings.HasSuffix(root.ID, "Request") {
		path = snake(root.ID) // body: "course_work"; requests with body "*" have no prefix
	}
	out, aerr := d.normalize(root, raw, path)
	if aerr != nil {
		return nil, aerr
	}
	return out.(map[string]any), nil
}

func describeJSONError(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("Syntax error at byte %d: %s.", se.Offset, se.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "Unexpected end of input."
	}
	return err.Error()
}

func at(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func invalidValue(path, typ string, v any) *APIError {
	shown, _ := json.Marshal(v)
	s := string(shown)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return errInvalidArgument("Invalid value at '%s' (%s), %s", path, typ, s)
}

func (d *discovery) normalize(s *schema, v any, path string) (any, *APIError) {
	s = d.resolve(s)
	if s == nil {
		return v, nil
	}
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, invalidValue(path, objectType(s), v)
		}
		out := make(map[string]any, len(obj))
		for _, key := range sortedKeys(obj) {
			val := obj[key]
			if s.AdditionalProperties != nil {
				if val == nil {
					continue
				}
				n, err := d.normalize(s.AdditionalProperties, val, fmt.Sprintf("%s[%s]", path, key))
				if err != nil {
					return nil, err
				}
				out[key] = n
				continue
			}
			name := key
			prop := s.Properties[name]
			if prop == nil {
				name = camel(key)
				prop = s.Properties[name]
			}
			if prop == nil {
				if path == "" {
					return nil, errInvalidArgument("Invalid JSON payload received. Unknown name %q: Cannot find field.", key)
				}
				return nil, errInvalidArgument("Invalid JSON payload received. Unknown name %q at '%s': Cannot find field.", key, path)
			}
			if _, dup := out[name]; dup {
				return nil, errInvalidArgument("Invalid JSON payload received. Duplicate field %q at '%s'.", key, path)
			}
			if val == nil {
				continue // null is the default value: the field is unset
			}
			n, err := d.normalize(prop, val, at(path, snake(name)))
			if err != nil {
				return nil, err
			}
			out[name] = n
		}
		return out, nil
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return nil, invalidValue(path, "repeated", v)
		}
		out := make([]any, len(arr))
		for i, item := range arr {
			if item == nil {
				return nil, invalidValue(fmt.Sprintf("%s[%d]", path, i), "null", item)
			}
			n, err := d.normalize(s.Items, item, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case "string":
		return normalizeString(s, v, path)
	case "number":
		f, ok := number(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, invalidValue(path, "TYPE_DOUBLE", v)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case "integer":
		f, ok := number(v)
		lo, hi := float64(math.MinInt32), float64(math.MaxInt32)
		if s.Format == "uint32" {
			lo, hi = 0, math.MaxUint32
		}
		if !ok || f != math.Trunc(f) || f < lo || f > hi {
			return nil, invalidValue(path, "TYPE_"+strings.ToUpper(orDefault(s.Format, "int32")), v)
		}
		return json.Number(strconv.FormatInt(int64(f), 10)), nil
	case "boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, invalidValue(path, "TYPE_BOOL", v)
	default: // "any" and schemas without a type
		return v, nil
	}
}

func normalizeString(s *schema, v any, path string) (any, *APIError) {
	if s.Format == "int64" || s.Format == "uint64" {
		if n, ok := v.(json.Number); ok {
			v = n.String()
		}
	}
	str, ok := v.(string)
	if !ok {
		typ := "TYPE_STRING"
		if len(s.Enum) > 0 {
			typ = "TYPE_ENUM"
		}
		return nil, invalidValue(path, typ, v)
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e == str {
				return str, nil
			}
		}
		return nil, invalidValue(path, "TYPE_ENUM", v)
	}
	switch s.Format {
	case "google-datetime":
		if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
			return nil, invalidValue(path, "type.googleapis.com/google.protobuf.Timestamp", v)
		}
	case "byte":
		if _, err := base64.StdEncoding.DecodeString(str); err != nil {
			if _, err := base64.URLEncoding.DecodeString(str); err != nil {
				return nil, invalidValue(path, "TYPE_BYTES", v)
			}
		}
	case "int64", "uint64":
		if _, err := strconv.ParseInt(str, 10, 64); err != nil {
			return nil, invalidValue(path, "TYPE_"+strings.ToUpper(s.Format), v)
		}
	}
	return str, nil
}

// number accepts a JSON number or a string holding one, as proto3 JSON does.
func number(v any) (float64, bool) {
	switch n := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
		return f, err == nil && n == strings.TrimSpace(n)
	}
	return 0, false
}

func objectType(s *schema) string {
	if s.ID != "" {
		return "type.googleapis.com/google.classroom.v1." + s.ID
	}
	return "TYPE_MESSAGE"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
