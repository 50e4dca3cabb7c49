package discovery

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Directions of a Finding.
const (
	Request  = "request"
	Response = "response"
)

// A Finding is one way a request or an answer departs from its method's description in the
// discovery document.
type Finding struct {
	Method    string // method id, e.g. "classroom.courses.courseWork.create"
	Direction string // Request or Response
	// Path is where: a JSON path into the body ("$.courseWork[0].state"), "{courseId}" for a path
	// parameter, or "?pageSize" for a query parameter.
	Path    string
	Problem string
}

// String is the finding on one line: method id, direction, path and problem.
func (f Finding) String() string {
	return f.Method + " " + f.Direction + " " + f.Path + ": " + f.Problem
}

// An Exchange is one request and the answer to it, as a client and a server saw them.
type Exchange struct {
	HTTPMethod   string
	Path         string // URL path, e.g. "/v1/courses/123"
	RawQuery     string
	RequestBody  []byte
	Status       int // HTTP status of the answer
	ContentType  string
	ResponseBody []byte
}

// CheckExchange checks a request and its answer. described is false when the document has no
// method at the request's path; nothing is checked then. Findings about a request the server
// refused with a 4xx are left out: the refusal is the server saying so, as Google would (the
// conformance suite sends such requests on purpose); what is reported is traffic that passed
// although it departs from the description, and answers that depart from it.
func (d *Document) CheckExchange(x Exchange) (findings []Finding, described bool) {
	c, ok := d.Match(x.HTTPMethod, x.Path)
	if !ok {
		return nil, false
	}
	if x.Status < 400 || x.Status >= 500 {
		findings = d.CheckRequest(c, x.RawQuery, x.RequestBody)
	}
	return append(findings, d.CheckResponse(c.Method, x.Status, x.ContentType, x.ResponseBody)...), true
}

// CheckRequest checks a request to c's method: its required path parameters, its query
// parameters (known names, JSON types, enum values) and its JSON body against the method's
// request schema (unknown fields, JSON types, enum values, formats). Google accepts the proto
// form of a field name (due_date for dueDate) in a request, and so does the check.
func (d *Document) CheckRequest(c Call, rawQuery string, body []byte) []Finding {
	m := c.Method
	ck := checker{d: d, method: m.ID, dir: Request, protoNames: true}
	for name, p := range m.Parameters {
		if p.Location == "path" && p.Required && c.Params[name] == "" {
			ck.add("{"+name+"}", "required path parameter is empty")
		}
	}
	if rawQuery != "" {
		ck.query(m, rawQuery)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return ck.findings()
	}
	if m.Request == nil {
		ck.add("$", "the method takes no request body")
		return ck.findings()
	}
	ck.body(ck.d.Schemas[m.Request.Ref], body)
	return ck.findings()
}

// CheckResponse checks an answer of method m: a success against the method's response schema,
// an error against Google's error envelope (whose code must be the HTTP status). An answer whose
// content type is not JSON is a finding: Classroom answers JSON only.
func (d *Document) CheckResponse(m *Method, status int, contentType string, body []byte) []Finding {
	ck := checker{d: d, method: m.ID, dir: Response}
	if contentType != "" {
		mt, _, _ := strings.Cut(contentType, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
			ck.add("$", fmt.Sprintf("answer is %q, not application/json", contentType))
			return ck.findings()
		}
	}
	if status >= 200 && status < 300 {
		if m.Response == nil {
			if len(bytes.TrimSpace(body)) > 0 && !bytes.Equal(bytes.TrimSpace(body), []byte("{}")) {
				ck.add("$", "the method answers no body")
			}
			return ck.findings()
		}
		ck.body(ck.d.Schemas[m.Response.Ref], body)
		return ck.findings()
	}
	if !ck.body(errorEnvelope, body) {
		return ck.findings()
	}
	var env struct {
		Error *struct {
			Code    json.Number `json:"code"`
			Message *string     `json:"message"`
			Status  *string     `json:"status"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil {
		return ck.findings() // a type the scan has reported
	}
	switch e := env.Error; {
	case e == nil:
		ck.add("$.error", "missing: Google's errors are {\"error\":{\"code\":...,\"message\":...,\"status\":...}}")
	case e.Code == "":
		ck.add("$.error.code", "missing")
	case e.Code.String() != strconv.Itoa(status):
		ck.add("$.error.code", fmt.Sprintf("%s is not the HTTP status %d", e.Code, status))
	}
	if e := env.Error; e != nil && e.Message == nil {
		ck.add("$.error.message", "missing")
	}
	if e := env.Error; e != nil && e.Status == nil {
		ck.add("$.error.status", "missing")
	}
	return ck.findings()
}

// canonicalCodes are the names of google.rpc.Code, the values of error.status.
var canonicalCodes = []string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
	"NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "UNAUTHENTICATED", "RESOURCE_EXHAUSTED",
	"FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
	"DATA_LOSS"}

// errorEnvelope is Google's JSON error envelope, which the discovery document does not describe:
// {"error":{"code":403,"message":"...","status":"PERMISSION_DENIED","details":[...]}} (and the
// legacy "errors" list some front ends add).
var errorEnvelope = &Schema{ID: "ErrorEnvelope", Type: "object", Properties: map[string]*Schema{
	"error": {ID: "Status", Type: "object", Properties: map[string]*Schema{
		"code":    {Type: "integer", Format: "int32"},
		"message": {Type: "string"},
		"status":  {Type: "string", Enum: canonicalCodes},
		"details": {Type: "array", Items: &Schema{Type: "object", AdditionalProperties: &Schema{Type: "any"}}},
		"errors":  {Type: "array", Items: &Schema{Type: "object", AdditionalProperties: &Schema{Type: "any"}}},
	}},
}}

type checker struct {
	d          *Document
	method     string
	dir        string
	protoNames bool // accept due_date for dueDate
	out        []Finding
}

// findings returns what was found, ordered by path so that the same traffic gives the same
// lines.
func (ck *checker) findings() []Finding {
	sort.SliceStable(ck.out, func(i, j int) bool { return ck.out[i].Path < ck.out[j].Path })
	return ck.out
}

func (ck *checker) add(path, problem string) {
	ck.out = append(ck.out, Finding{Method: ck.method, Direction: ck.dir, Path: path, Problem: problem})
}

func (ck *checker) query(m *Method, raw string) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		ck.add("?", fmt.Sprintf("query does not parse: %v", err))
		return
	}
	for name, vals := range q {
		p := m.Parameters[name]
		if p == nil || p.Location != "query" {
			p = ck.d.Parameters[name]
		}
		if p == nil {
			if alt := Camel(name); alt != name {
				if p = m.Parameters[alt]; p != nil && p.Location != "query" {
					p = nil
				}
			}
		}
		if p == nil {
			ck.add("?"+name, "unknown query parameter")
			continue
		}
		if len(vals) > 1 && !p.Repeated {
			ck.add("?"+name, "given more than once but not repeated")
		}
		for _, v := range vals {
			ck.scalar(&Schema{Type: p.Type, Format: p.Format, Enum: p.Enum}, v, "?"+name)
		}
	}
}

// scalar checks a query parameter's text as a value of its type.
func (ck *checker) scalar(s *Schema, v, path string) {
	var problem string
	switch s.Type {
	case "integer":
		problem = intProblem(s, v)
	case "number":
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			problem = fmt.Sprintf("%q is not a number", v)
		}
	case "boolean":
		if v != "true" && v != "false" {
			problem = fmt.Sprintf("%q is not true or false", v)
		}
	default:
		problem = strProblem(s, v)
	}
	if problem != "" {
		ck.add(path, problem)
	}
}

// intProblem says what is wrong with an integer literal for schema s, or "".
func intProblem(s *Schema, lit string) string {
	i, err := strconv.ParseInt(lit, 10, 64)
	if err != nil {
		return lit + " is not an integer"
	}
	switch s.Format {
	case "int32":
		if i < math.MinInt32 || i > math.MaxInt32 {
			return fmt.Sprintf("%d is out of the int32 range", i)
		}
	case "uint32":
		if i < 0 || i > math.MaxUint32 {
			return fmt.Sprintf("%d is out of the uint32 range", i)
		}
	}
	return ""
}

// strProblem says what is wrong with a string for schema s (its format and enum), or "".
func strProblem(s *Schema, v string) string {
	switch s.Format {
	case "google-datetime":
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return fmt.Sprintf("%q is not an RFC 3339 timestamp (google-datetime)", v)
		}
	case "int64":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Sprintf("%q is not an int64", v)
		}
	case "uint64":
		if _, err := strconv.ParseUint(v, 10, 64); err != nil {
			return fmt.Sprintf("%q is not a uint64", v)
		}
	case "byte":
		if _, err := base64.URLEncoding.DecodeString(v); err != nil {
			if _, err := base64.StdEncoding.DecodeString(v); err != nil {
				return fmt.Sprintf("%q is not base64 (byte)", short(v))
			}
		}
	case "google-duration":
		if _, err := strconv.ParseFloat(strings.TrimSuffix(v, "s"), 64); err != nil || !strings.HasSuffix(v, "s") {
			return fmt.Sprintf("%q is not a duration such as \"3.5s\" (google-duration)", v)
		}
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e == v {
				return ""
			}
		}
		return fmt.Sprintf("%q is not one of %s", short(v), strings.Join(s.Enum, ", "))
	}
	return ""
}

func schemaName(s *Schema) string {
	if s.ID != "" {
		return s.ID
	}
	return "the object"
}

func short(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// Camel returns the JSON name of a proto field name: "due_date" -> "dueDate". Google's error
// messages and field masks name fields either way; the reference and the validator both map
// them through this one function.
func Camel(name string) string {
	if !strings.Contains(name, "_") {
		return name
	}
	var b strings.Builder
	up := false
	for _, r := range name {
		if r == '_' {
			up = true
			continue
		}
		if up && r >= 'a' && r <= 'z' {
			r = r - 'a' + 'A'
		}
		up = false
		b.WriteRune(r)
	}
	return b.String()
}
