package verify

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"os"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// defaultVolatile is the default list of volatile values: data, so that a reader can see what
// is compared by shape and why, and a user can extend it without a new release.
//
//go:embed volatile.yaml
var defaultVolatile []byte

// A Shape is how a volatile value is compared.
type Shape string

// The shapes a volatile value can be compared by.
const (
	ShapeTimestamp Shape = "timestamp" // RFC 3339 in UTC, ending in Z
	ShapeLink      Shape = "link"      // absolute URL, same host, same path pattern after binding
	ShapeEmail     Shape = "email"     // local@domain with the same domain after binding
	ShapeOpaque    Shape = "opaque"    // any non-empty string
	ShapeAny       Shape = "any"       // present, with the same JSON type
)

var shapes = []Shape{ShapeTimestamp, ShapeLink, ShapeEmail, ShapeOpaque, ShapeAny}

// A VolatileRule says that the values of a field, or of a discovery format, are compared by
// shape.
type VolatileRule struct {
	// Field is a JSON path suffix without indexes, each dotted part a glob: "alternateLink",
	// "teacherFolder.id", "*Time".
	Field string `yaml:"field,omitempty"`
	// Format is a format of the discovery document, such as "google-datetime".
	Format string `yaml:"format,omitempty"`
	// Shape is how the values compare.
	Shape Shape `yaml:"shape"`
	// Why says why the value differs between correct servers.
	Why string `yaml:"why,omitempty"`
}

func (r VolatileRule) String() string {
	if r.Format != "" {
		return "format " + r.Format + " by " + string(r.Shape)
	}
	return r.Field + " by " + string(r.Shape)
}

func (r VolatileRule) check() error {
	known := false
	for _, s := range shapes {
		known = known || s == r.Shape
	}
	switch {
	case (r.Field == "") == (r.Format == ""):
		return fmt.Errorf("volatile rule %q: give either a field or a format", r.String())
	case !known:
		return fmt.Errorf("volatile rule %q: shape %q is not one of timestamp, link, email, opaque, any", r.String(), r.Shape)
	}
	for _, part := range strings.Split(r.Field, ".") {
		if _, err := path.Match(part, ""); err != nil {
			return fmt.Errorf("volatile rule %q: %w", r.String(), err)
		}
	}
	return nil
}

// DefaultVolatile returns the default volatile rules.
func DefaultVolatile() []VolatileRule {
	rules, err := ParseVolatile(defaultVolatile)
	if err != nil {
		panic("verify: the embedded volatile.yaml is invalid: " + err.Error()) // caught by the tests
	}
	return rules
}

// ParseVolatile reads a list of volatile rules: a YAML document with a rules: sequence, as in
// the embedded volatile.yaml. Unknown keys and shapes are errors.
func ParseVolatile(data []byte) ([]VolatileRule, error) {
	var doc struct {
		Rules []VolatileRule `yaml:"rules"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	for _, r := range doc.Rules {
		if err := r.check(); err != nil {
			return nil, err
		}
	}
	return doc.Rules, nil
}

// ParseVolatileFlag reads a rule written FIELD=SHAPE, or format:FORMAT=SHAPE.
func ParseVolatileFlag(s string) (VolatileRule, error) {
	target, shape, ok := strings.Cut(s, "=")
	if !ok || target == "" {
		return VolatileRule{}, fmt.Errorf("volatile rule %q: want FIELD=SHAPE or format:FORMAT=SHAPE", s)
	}
	r := VolatileRule{Field: target, Shape: Shape(shape)}
	if f, isFormat := strings.CutPrefix(target, "format:"); isFormat {
		r = VolatileRule{Format: f, Shape: Shape(shape)}
	}
	return r, r.check()
}

// sidecarSuffix names the file of the extra volatile rules of one cassette:
// "x.yaml" has its rules in "x.volatile.yaml".
const sidecarSuffix = ".volatile.yaml"

func sidecarOf(cassettePath string) string {
	ext := path.Ext(cassettePath)
	return strings.TrimSuffix(cassettePath, ext) + sidecarSuffix
}

// loadSidecar reads the extra rules of a cassette, if it has any.
func loadSidecar(cassettePath string) ([]VolatileRule, error) {
	file := sidecarOf(cassettePath)
	data, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rules, err := ParseVolatile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return rules, nil
}

// ruleFor returns the rule that applies to a value at keys (the object members leading to it)
// with the discovery format, or nil.
func ruleFor(rules []VolatileRule, keys []string, format string) *VolatileRule {
	for i := range rules {
		r := &rules[i]
		if r.Format != "" {
			if r.Format == format {
				return r
			}
			continue
		}
		if suffixMatches(strings.Split(r.Field, "."), keys) {
			return r
		}
	}
	return nil
}

func suffixMatches(pattern, keys []string) bool {
	if len(pattern) > len(keys) {
		return false
	}
	tail := keys[len(keys)-len(pattern):]
	for i, p := range pattern {
		if ok, _ := path.Match(p, tail[i]); !ok {
			return false
		}
	}
	return true
}

// shapeAgrees reports whether the target's value tv has the shape of the recorded rv (already
// rewritten through the bindings), and if not, what it should have been.
func shapeAgrees(s Shape, rv, tv string) (bool, string) {
	switch s {
	case ShapeTimestamp:
		if !isUTCTimestamp(tv) {
			return false, "an RFC 3339 timestamp in UTC ending in Z"
		}
	case ShapeLink:
		if !sameLinkPattern(rv, tv) {
			return false, "a link to the same host with the same path pattern"
		}
	case ShapeEmail:
		ra, rerr := mail.ParseAddress(rv)
		ta, terr := mail.ParseAddress(tv)
		if rerr == nil && (terr != nil || domain(ra.Address) != domain(ta.Address)) {
			return false, "an email address in the same domain"
		}
	case ShapeOpaque:
		if rv != "" && tv == "" {
			return false, "a non-empty string"
		}
	}
	return true, ""
}

func domain(addr string) string { return strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:]) }

func isUTCTimestamp(s string) bool {
	if !strings.HasSuffix(s, "Z") {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// sameLinkPattern compares two links by scheme, host and path, where a path segment may differ
// only if both are opaque tokens (an id in some encoding).
func sameLinkPattern(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || !ua.IsAbs() || !ub.IsAbs() {
		return a == b
	}
	if ua.Scheme != ub.Scheme || !strings.EqualFold(ua.Host, ub.Host) {
		return false
	}
	sa, sb := strings.Split(ua.Path, "/"), strings.Split(ub.Path, "/")
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		if sa[i] != sb[i] && !(isOpaque(sa[i]) && isOpaque(sb[i])) {
			return false
		}
	}
	return true
}

// isOpaque reports whether a path segment looks like an id rather than a word of the URL
// scheme: url-safe characters with a digit, or a mix of cases, or longer than a word.
func isOpaque(s string) bool {
	if s == "" {
		return false
	}
	digit, upper, lower := false, false, false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digit = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r == '-' || r == '_' || r == '.' || r == '~' || r == '=':
		default:
			return false
		}
	}
	return digit || (upper && lower) || len(s) > 16
}
