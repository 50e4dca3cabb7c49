// Package faults injects failures into a Classroom API by plan, so that an app's retry, quota and
// timeout paths can be tested offline: answers in Google's error envelope (429
// RESOURCE_EXHAUSTED with Retry-After, 500 INTERNAL, 503 UNAVAILABLE, 403 with an "@Code"...),
// delays, connections closed without an answer, and bodies cut short.
//
// A Plan lists instructions per discovery method id; the calls of a method take its instructions
// in order, one call each, and once they are used up calls go through untouched. It is modelled
// on the retry-test API of Google's storage-testbench. A Handler applies plans in front of any
// http.Handler (the reference emulator, the record/replay proxy) and serves a control endpoint
// at /_faults, outside the API's paths, for tests to add plans of their own and check that every
// planned fault fired.
package faults

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

// An Instruction is one planned fault for one call of a method.
type Instruction struct {
	Method string // discovery method id
	Line   int    // line of the plan's source where the instruction starts

	// Status answers with this HTTP status in Google's error envelope, without calling the
	// server. Code (an "@Type" of the Classroom documentation, e.g. "@ProjectPermissionDenied")
	// and Message refine its message; RetryAfter is the Retry-After of a 429 or 503 (default 1s
	// for a 429).
	Status     int
	Code       string
	Message    string
	RetryAfter time.Duration
	// Delay holds the call this long before anything else happens.
	Delay time.Duration
	// Reset closes the connection without an answer, without calling the server.
	Reset bool
	// Truncate lets the server answer, then cuts the body after this many bytes and closes the
	// connection: the client sees a body shorter than its Content-Length.
	Truncate int
	// After lets this many calls through untouched; the next instruction applies from the call
	// after them.
	After int

	retryAfterSet bool
}

// Kind names what an instruction does: "status 429", "delay 2s", "reset", "truncate 100",
// "after 3", or a combination such as "delay 1s, status 503".
func (in *Instruction) Kind() string {
	var parts []string
	if in.Delay > 0 {
		parts = append(parts, "delay "+in.Delay.String())
	}
	switch {
	case in.Status != 0:
		s := "status " + strconv.Itoa(in.Status)
		if in.Code != "" {
			s += " " + in.Code
		}
		parts = append(parts, s)
	case in.Reset:
		parts = append(parts, "reset")
	case in.Truncate > 0:
		parts = append(parts, "truncate "+strconv.Itoa(in.Truncate))
	case in.After > 0:
		parts = append(parts, "after "+strconv.Itoa(in.After))
	}
	return strings.Join(parts, ", ")
}

// A Plan is a list of instructions per method, with the account of which have fired. It is safe
// for concurrent use.
type Plan struct {
	mu      sync.Mutex
	methods map[string]*queue
	order   []string // method ids in the order the source names them
}

type queue struct {
	ins   []*Instruction
	pos   int   // the instruction the next call takes
	calls []int // per instruction: calls it has applied to
}

// ParseError is a plan refused, with the line at fault.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return "line " + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.Msg
}

func errAt(n *yaml.Node, format string, args ...any) error {
	return &ParseError{Line: n.Line, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a plan in YAML or JSON:
//
//	faults:
//	  classroom.courses.courseWork.create:
//	    - status: 429
//	    - status: 503
//	  classroom.courses.get:
//	    - delay: 2s
//	    - reset: true
//
// A method id the document does not have, an unknown instruction or a contradictory one is a
// *ParseError naming its line.
func Parse(data []byte, doc *discovery.Document) (*Plan, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if err.Error() == "EOF" {
			return &Plan{methods: map[string]*queue{}}, nil
		}
		return nil, &ParseError{Msg: err.Error()}
	}
	p := &Plan{methods: map[string]*queue{}}
	if len(root.Content) == 0 {
		return p, nil
	}
	top := root.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return p, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, errAt(top, "a plan is a mapping with one key, faults")
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Value != "faults" {
			return nil, errAt(k, "unknown key %q (a plan has one key, faults)", k.Value)
		}
		if v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.MappingNode {
			return nil, errAt(v, "faults is a mapping of discovery method ids to lists of instructions")
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			mk, mv := v.Content[j], v.Content[j+1]
			if _, err := doc.Method(mk.Value); err != nil {
				return nil, errAt(mk, "unknown method id %q (ids are as in the discovery document, e.g. classroom.courses.courseWork.create)", mk.Value)
			}
			if _, dup := p.methods[mk.Value]; dup {
				return nil, errAt(mk, "method %s is listed twice", mk.Value)
			}
			if mv.Kind != yaml.SequenceNode {
				return nil, errAt(mv, "the instructions of %s are a list (each item starting with -)", mk.Value)
			}
			q := &queue{}
			for _, item := range mv.Content {
				in, err := parseInstruction(mk.Value, item)
				if err != nil {
					return nil, err
				}
				q.ins = append(q.ins, in)
			}
			q.calls = make([]int, len(q.ins))
			p.methods[mk.Value] = q
			p.order = append(p.order, mk.Value)
		}
	}
	return p, nil
}

var instructionKeys = "status, code, message, retryAfter, delay, reset, truncate, after"

func parseInstruction(method string, n *yaml.Node) (*Instruction, error) {
	if n.Kind != yaml.MappingNode {
		return nil, errAt(n, "an instruction is a mapping, e.g. {status: 429}")
	}
	in := &Instruction{Method: method, Line: n.Line}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "status":
			in.Status, err = intValue(v)
			if err == nil && statusNames[in.Status] == "" {
				err = fmt.Errorf("status %d is not one Classroom answers with (%s)", in.Status, knownStatuses())
			}
		case "code":
			in.Code = v.Value
			if !strings.HasPrefix(in.Code, "@") || strings.ContainsAny(in.Code, " \t") {
				err = fmt.Errorf("code %q is not an error type such as @ProjectPermissionDenied", in.Code)
			}
		case "message":
			in.Message = v.Value
		case "retryAfter":
			in.RetryAfter, err = durationValue(v)
			in.retryAfterSet = true
		case "delay":
			in.Delay, err = durationValue(v)
		case "reset":
			err = v.Decode(&in.Reset)
		case "truncate":
			in.Truncate, err = intValue(v)
			if err == nil && in.Truncate < 0 {
				err = fmt.Errorf("truncate must not be negative")
			}
		case "after":
			in.After, err = intValue(v)
			if err == nil && in.After < 1 {
				err = fmt.Errorf("after must be at least 1")
			}
		default:
			return nil, errAt(k, "unknown instruction %q (known: %s)", k.Value, instructionKeys)
		}
		if err != nil {
			return nil, errAt(k, "%s: %v", k.Value, err)
		}
	}
	effects := 0
	for _, set := range []bool{in.Status != 0, in.Reset, in.Truncate > 0, in.After > 0} {
		if set {
			effects++
		}
	}
	switch {
	case effects > 1:
		return nil, errAt(n, "an instruction does one of status, reset, truncate or after (with an optional delay)")
	case effects == 0 && in.Delay == 0:
		return nil, errAt(n, "the instruction does nothing (give one of %s)", instructionKeys)
	case in.After > 0 && in.Delay > 0:
		return nil, errAt(n, "after lets calls through untouched; it cannot have a delay")
	case in.Status == 0 && (in.Code != "" || in.Message != "" || in.retryAfterSet):
		return nil, errAt(n, "code, message and retryAfter go with a status")
	}
	if in.Status == 429 && !in.retryAfterSet {
		in.RetryAfter = time.Second
	}
	return in, nil
}

func intValue(v *yaml.Node) (int, error) {
	var n int
	if v.Kind != yaml.ScalarNode || v.Decode(&n) != nil {
		return 0, fmt.Errorf("%q is not a whole number", v.Value)
	}
	return n, nil
}

// maxDuration bounds delays and Retry-After: a test that waits longer is stuck, not testing.
const maxDuration = time.Hour

// durationValue reads "2s", "150ms", or a number of seconds.
func durationValue(v *yaml.Node) (time.Duration, error) {
	if v.Kind != yaml.ScalarNode {
		return 0, fmt.Errorf("not a duration such as 2s or 150ms")
	}
	d, err := time.ParseDuration(v.Value)
	if secs, ferr := strconv.ParseFloat(v.Value, 64); ferr == nil {
		d, err = time.Duration(secs*float64(time.Second)), nil
		if secs > maxDuration.Seconds() {
			d = maxDuration + 1
		}
	}
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a duration such as 2s or 150ms", v.Value)
	}
	if d > maxDuration {
		return 0, fmt.Errorf("%q is longer than %s", v.Value, maxDuration)
	}
	return d, nil
}

// Empty reports whether the plan has no instruction.
func (p *Plan) Empty() bool {
	return p == nil || len(p.methods) == 0
}

// take returns the instruction the next call of method applies, or nil to let it through.
func (p *Plan) take(method string) *Instruction {
	p.mu.Lock()
	defer p.mu.Unlock()
	q := p.methods[method]
	if q == nil || q.pos >= len(q.ins) {
		return nil
	}
	in := q.ins[q.pos]
	q.calls[q.pos]++
	if in.After > 0 {
		if q.calls[q.pos] >= in.After {
			q.pos++
		}
		return nil
	}
	q.pos++
	return in
}

// A Status is the account of one instruction.
type Status struct {
	Method string `json:"method"`
	Line   int    `json:"line"`
	Kind   string `json:"kind"`
	// Calls is how many calls the instruction applied to (after N: up to N).
	Calls int `json:"calls"`
	// Fired is true once the instruction has done all it was planned to do.
	Fired bool `json:"fired"`
}

// Statuses returns the account of every instruction, in the order of the plan.
func (p *Plan) Statuses() []Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := []Status{}
	for _, m := range p.order {
		q := p.methods[m]
		for i, in := range q.ins {
			out = append(out, Status{Method: m, Line: in.Line, Kind: in.Kind(), Calls: q.calls[i], Fired: i < q.pos})
		}
	}
	return out
}

// Unfired returns the instructions that have not fired yet.
func (p *Plan) Unfired() []Status {
	var out []Status
	for _, s := range p.Statuses() {
		if !s.Fired {
			out = append(out, s)
		}
	}
	return out
}
