package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// A Difference is one place where the target does not answer as recorded.
type Difference struct {
	// Path is "status", or the JSON path of the value: "$.courseWork[0].state".
	Path string `json:"path"`
	// Recorded and Target are the two values as JSON ("" when absent).
	Recorded string `json:"recorded"`
	Target   string `json:"target"`
	// Why says what is wrong when the values alone do not.
	Why string `json:"why,omitempty"`
	// Ambiguity names the documented ambiguity whose two choices the values are, if any.
	Ambiguity string `json:"ambiguity,omitempty"`
}

func (d Difference) String() string {
	s := fmt.Sprintf("%s: recorded %s, target %s", d.Path, orAbsent(d.Recorded), orAbsent(d.Target))
	if d.Why != "" {
		s += " (" + d.Why + ")"
	}
	if d.Ambiguity != "" {
		s += " [two choices of the documented ambiguity " + d.Ambiguity + "]"
	}
	return s
}

func orAbsent(v string) string {
	if v == "" {
		return "nothing"
	}
	return v
}

// A comparer compares the answers of one cassette, in order, through its binder.
type comparer struct {
	api    *apiIndex
	rules  []VolatileRule
	strict bool
	expect endpoint.Expectations
	b      *binder
	at     int // index of the interaction being compared

	diffs, warns, accepted []Difference
}

// choices returns the documented ambiguity of which a and b are two choices, if any.
func choices(a, b string) (rules.Ambiguity, bool) {
	cat, err := rules.Embedded()
	if err != nil || a == b {
		return rules.Ambiguity{}, false
	}
	for _, amb := range cat.Ambiguities {
		if amb.HasChoice(a) && amb.HasChoice(b) {
			return amb, true
		}
	}
	return rules.Ambiguity{}, false
}

// ambiguous sees whether a difference between the recorded value rv and the target's tv is
// between two choices of a documented ambiguity. If the target makes the choice the profile
// expects, the difference is accepted (true); otherwise d is marked with the ambiguity so the
// report can say which choice the target made.
func (c *comparer) ambiguous(d *Difference, rv, tv string) bool {
	amb, ok := choices(rv, tv)
	if !ok {
		return false
	}
	d.Ambiguity = amb.ID
	if c.expect.Choice(amb.ID) == tv && !c.b.sent[rv] {
		d.Why = "the target makes the choice the profile expects"
		c.accepted = append(c.accepted, *d)
		return true
	}
	return false
}

// compare compares the recorded answer (code, body) with the target's, for method m (nil when
// the discovery document does not name it).
func (c *comparer) compare(m *apiMethod, recCode int, recBody []byte, code int, body []byte) {
	rv, recJSON := decodeJSON(recBody)
	tv, tJSON := decodeJSON(body)
	recErr, tErr := errorMember(rv), errorMember(tv)
	if recCode != code {
		d := Difference{Path: "status", Recorded: statusText(recCode, recErr), Target: statusText(code, tErr)}
		rs, _ := recErr["status"].(string)
		ts, _ := tErr["status"].(string)
		if !c.ambiguous(&d, rs, ts) {
			c.diffs = append(c.diffs, d)
		}
		return
	}
	switch {
	case recErr != nil:
		c.compareError(recErr, tErr)
	case !recJSON:
		// The recording's body is not JSON (an empty answer, or a page from a front end): only
		// its status is compared.
	case !tJSON:
		c.diff("$", abbreviate(string(recBody)), abbreviate(string(body)), "the target's answer is not JSON")
	default:
		c.value([]string{}, "$", c.api.responseSchema(m), rv, tv)
	}
}

// compareError compares two error envelopes on what Classroom promises about errors: the code,
// the canonical status, and the "@Code" at the start of the message when there is one. The prose
// of the message is not part of the contract.
func (c *comparer) compareError(rec, t map[string]any) {
	if t == nil {
		c.diff("$.error", "an error envelope", "", "the target's answer has no error member")
		return
	}
	for _, k := range []string{"code", "status"} {
		rv, ok := rec[k]
		if !ok {
			continue
		}
		tv, has := t[k]
		if !has {
			c.diff("$.error."+k, render(rv), "", "missing from the target")
			continue
		}
		if render(rv) != render(tv) {
			c.diff("$.error."+k, render(rv), render(tv), "")
		}
	}
	rm, _ := rec["message"].(string)
	tm, _ := t["message"].(string)
	if code := atCode(rm); code != "" && atCode(tm) != code {
		c.diff("$.error.message", strconv.Quote(code+" ..."), render(abbreviate(tm)), "the message must start with "+code)
	}
}

var atCodePattern = regexp.MustCompile(`^@[A-Za-z][A-Za-z0-9_]*`)

func atCode(msg string) string { return atCodePattern.FindString(msg) }

// value compares a recorded value with the target's at path jp; keys are the object members on
// the way, s the discovery schema there (nil when unknown).
func (c *comparer) value(keys []string, jp string, s *schema, rv, tv any) {
	if rt, tt := jsonType(rv), jsonType(tv); rt != tt {
		c.diff(jp, render(rv), render(tv), fmt.Sprintf("the target answers %s where the recording has %s", article(tt), article(rt)))
		return
	}
	switch r := rv.(type) {
	case map[string]any:
		t := tv.(map[string]any)
		for _, k := range sortedMembers(r) {
			p := jp + "." + k
			tval, ok := t[k]
			if !ok {
				c.diff(p, render(r[k]), "", "missing from the target")
				continue
			}
			c.value(append(keys[:len(keys):len(keys)], k), p, c.api.field(s, k), r[k], tval)
		}
		for _, k := range sortedMembers(t) {
			if _, ok := r[k]; !ok {
				// JSON leaves an empty repeated field out, so a list the recording does not
				// have is an empty list, and one the target fills is a different answer.
				if list, _ := t[k].([]any); len(list) > 0 && isArray(c.api.field(s, k)) {
					c.diff(jp+"."+k, "0 elements (left out)", fmt.Sprintf("%d elements", len(list)), "")
					continue
				}
				d := Difference{Path: jp + "." + k, Target: render(t[k]), Why: "only the target returns it"}
				if c.strict {
					c.diffs = append(c.diffs, d)
				} else {
					c.warns = append(c.warns, d)
				}
			}
		}
	case []any:
		t := tv.([]any)
		if len(r) != len(t) {
			c.diff(jp, fmt.Sprintf("%d elements", len(r)), fmt.Sprintf("%d elements", len(t)), "")
		}
		item := c.api.item(s)
		for i := 0; i < len(r) && i < len(t); i++ {
			c.value(keys, fmt.Sprintf("%s[%d]", jp, i), item, r[i], t[i])
		}
	case string:
		if d := c.str(keys, jp, s, r, tv.(string)); d != nil {
			c.diffs = append(c.diffs, *d)
		}
	case json.Number:
		a, errA := strconv.ParseFloat(string(r), 64)
		b, errB := strconv.ParseFloat(string(tv.(json.Number)), 64)
		if errA != nil || errB != nil || a != b {
			c.diff(jp, string(r), string(tv.(json.Number)), "")
		}
	default: // booleans and null
		if rv != tv {
			c.diff(jp, render(rv), render(tv), "")
		}
	}
}

func isArray(s *schema) bool { return s != nil && s.Type == "array" }

var enumLike = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{2,}$`)

// str compares two strings, learning a binding where the value is the server's.
func (c *comparer) str(keys []string, jp string, s *schema, rv, tv string) *Difference {
	b := c.b
	where := fmt.Sprintf("#%d %s", c.at, jp)
	want := b.rewrite(rv, verbatim)
	isEnum := s != nil && len(s.Enum) > 0 || s == nil && enumLike.MatchString(rv)
	if want == tv {
		c.learnEqual(rv, tv, where, isEnum)
		return nil
	}
	d := &Difference{Path: jp, Recorded: strconv.Quote(rv), Target: strconv.Quote(tv)}
	if want != rv {
		d.Why = "recorded value rewritten through the bindings: " + strconv.Quote(want)
	}
	if isEnum && c.ambiguous(d, rv, tv) {
		return nil
	}
	if isEnum || b.literal {
		return d
	}
	format := ""
	if s != nil {
		format = s.Format
	}
	if r := ruleFor(c.rules, keys, format); r != nil {
		if ok, should := shapeAgrees(r.Shape, want, tv); !ok {
			d.Why = "volatile (" + r.String() + "): the target's value is not " + should
			return d
		}
		field := ""
		if len(keys) > 0 {
			field = keys[len(keys)-1]
		}
		k := field + "\x00" + rv
		if prev, seen := b.volatile[k]; seen && prev[0] != tv {
			d.Why = fmt.Sprintf("the recording repeats the value of %s, where the target answered %q", prev[1], prev[0])
			return d
		}
		if _, seen := b.volatile[k]; !seen {
			b.volatile[k] = [2]string{tv, where}
		}
		return nil
	}
	if t, bound := b.fwd[rv]; bound {
		d.Why = fmt.Sprintf("the target answered %q for it at %s", t, b.where[rv])
		return d
	}
	if r, taken := b.rev[tv]; taken {
		d.Why = fmt.Sprintf("the target answered this value for the recorded %q at %s", r, b.where[r])
		return d
	}
	if b.sent[rv] {
		d.Why = "the client sent this value; the target answers it otherwise"
		return d
	}
	if rv == "" || tv == "" {
		return d
	}
	b.bind(rv, tv, where)
	return nil
}

// learnEqual keeps a value the recording and the target agree on as a binding of its own when
// it is the server's, so that no other recorded value can later claim it.
func (c *comparer) learnEqual(rv, tv, where string, isEnum bool) {
	b := c.b
	if isEnum || b.literal || rv == "" || b.sent[rv] {
		return
	}
	if _, bound := b.fwd[rv]; bound {
		return
	}
	if _, taken := b.rev[tv]; taken {
		return
	}
	b.bind(rv, tv, where)
}

func (c *comparer) diff(path, recorded, target, why string) {
	c.diffs = append(c.diffs, Difference{Path: path, Recorded: recorded, Target: target, Why: why})
}

// decodeJSON decodes one JSON document with exact numbers; ok is false when body is not one.
func decodeJSON(body []byte) (any, bool) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// errorMember returns the "error" object of an error envelope, or nil.
func errorMember(v any) map[string]any {
	m, _ := v.(map[string]any)
	e, _ := m["error"].(map[string]any)
	return e
}

func statusText(code int, env map[string]any) string {
	s := strconv.Itoa(code)
	if st, ok := env["status"].(string); ok {
		s += " " + st
	}
	return s
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	default:
		return "null"
	}
}

func article(t string) string {
	if t == "object" || t == "array" {
		return "an " + t
	}
	if t == "null" {
		return "null"
	}
	return "a " + t
}

// render gives a value as short JSON for a report.
func render(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return abbreviate(strings.TrimSpace(buf.String()))
}

// abbreviate keeps a report line readable in a terminal.
func abbreviate(s string) string {
	const max = 120
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

func sortedMembers(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
