package endpoint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// A Profile describes a target: where it is, a bearer token per actor, and the choices it is
// expected to make where the documentation is ambiguous.
//
//	target: https://classroom.googleapis.com/
//	actors:
//	  teacher: ${CLASSROOM_TEACHER_TOKEN}
//	  student: ${CLASSROOM_STUDENT_TOKEN}
//	expect:
//	  coursework.default-state: PUBLISHED
//
// Values may name environment variables as ${NAME}, so that no secret sits in the file.
type Profile struct {
	// Target is the base URL of the API. Empty means the embedded reference.
	Target string
	// Actors maps an actor (see Actors) to its bearer token, variables expanded.
	Actors map[string]string
	// Expect holds the choices the file states; see Expectations.Choice for the defaults.
	Expect Expectations
}

// LoadOptions control how a profile is read.
type LoadOptions struct {
	// LookupEnv resolves ${NAME}. Nil means os.LookupEnv.
	LookupEnv func(name string) (string, bool)
}

// LoadProfile reads and checks the profile in the file at path.
func LoadProfile(path string, opts LoadOptions) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read profile: %w", err)
	}
	return ParseProfile(path, data, opts)
}

// profileFile is the shape of a profile. The sections stay YAML nodes so that every error can
// name the line it is about; KnownFields rejects unknown top-level keys.
type profileFile struct {
	Target yaml.Node `yaml:"target"`
	Actors yaml.Node `yaml:"actors"`
	Expect yaml.Node `yaml:"expect"`
}

var unknownField = regexp.MustCompile(`^line (\d+): field (.+) not found in type \S+$`)

// ParseProfile parses and checks a profile; name says where it came from in error messages.
// Unknown keys, unknown actors, unknown ambiguities or choices, unset variables and a malformed
// target URL are errors naming the line.
func ParseProfile(name string, data []byte, opts LoadOptions) (*Profile, error) {
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	fail := func(line int, format string, args ...any) error {
		return fmt.Errorf("profile %s: line %d: %s", name, line, fmt.Sprintf(format, args...))
	}

	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f profileFile
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("profile %s: empty", name)
		}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			if m := unknownField.FindStringSubmatch(te.Errors[0]); m != nil {
				return nil, fmt.Errorf("profile %s: line %s: unknown key %q (allowed: target, actors, expect)", name, m[1], m[2])
			}
			return nil, fmt.Errorf("profile %s: %s", name, te.Errors[0])
		}
		return nil, fmt.Errorf("profile %s: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("profile %s: more than one YAML document", name)
	}

	p := &Profile{Actors: map[string]string{}, Expect: Expectations{}}
	expand := func(n *yaml.Node) (string, error) {
		v, err := expandEnv(n.Value, lookup)
		if err != nil {
			return "", fail(n.Line, "%v", err)
		}
		return v, nil
	}

	if !isNull(&f.Target) {
		if f.Target.Kind != yaml.ScalarNode {
			return nil, fail(f.Target.Line, "target must be a URL")
		}
		v, err := expand(&f.Target)
		if err != nil {
			return nil, err
		}
		if _, err := ParseBaseURL(v); err != nil {
			return nil, fail(f.Target.Line, "%v", err)
		}
		p.Target = v
	}

	err := eachEntry(&f.Actors, "actors", fail, func(k, v *yaml.Node) error {
		if !IsActor(k.Value) {
			return fail(k.Line, "unknown actor %q (actors: %s)", k.Value, strings.Join(Actors(), ", "))
		}
		tok, err := expand(v)
		if err != nil {
			return err
		}
		if tok == "" {
			return fail(v.Line, "actor %q has an empty token", k.Value)
		}
		if strings.ContainsAny(tok, " \t\r\n") {
			return fail(v.Line, "token of actor %q contains white space", k.Value)
		}
		p.Actors[k.Value] = tok
		return nil
	})
	if err != nil {
		return nil, err
	}

	err = eachEntry(&f.Expect, "expect", fail, func(k, v *yaml.Node) error {
		choice, err := expand(v)
		if err != nil {
			return err
		}
		if err := checkExpectation(k.Value, choice); err != nil {
			return fail(k.Line, "%v", err)
		}
		p.Expect[k.Value] = choice
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// eachEntry calls fn with the key and value of every entry of a mapping of scalars; a missing or
// null section has none.
func eachEntry(n *yaml.Node, section string, fail func(int, string, ...any) error, fn func(k, v *yaml.Node) error) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fail(n.Line, "%s must be a mapping", section)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return fail(k.Line, "%s: keys must be plain strings", section)
		}
		if line, dup := seen[k.Value]; dup {
			return fail(k.Line, "%s: %q is already defined at line %d", section, k.Value, line)
		}
		seen[k.Value] = k.Line
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return fail(v.Line, "%s: the value of %q must be a string", section, k.Value)
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

var envRef = regexp.MustCompile(`\$\{([^}]*)\}`)
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces every ${NAME} in s. An unset variable, a malformed name or an unclosed ${ is
// an error: a profile that silently sends an empty token would fail every scenario for the
// wrong reason.
func expandEnv(s string, lookup func(string) (string, bool)) (string, error) {
	var firstErr error
	out := envRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := ref[2 : len(ref)-1]
		if firstErr != nil {
			return ""
		}
		if !envName.MatchString(name) {
			firstErr = fmt.Errorf("malformed variable reference %q", ref)
			return ""
		}
		v, ok := lookup(name)
		if !ok {
			firstErr = fmt.Errorf("environment variable %s is not set", name)
			return ""
		}
		return v
	})
	if firstErr != nil {
		return "", firstErr
	}
	if strings.Contains(envRef.ReplaceAllString(s, ""), "${") {
		return "", fmt.Errorf("unclosed variable reference in %q", redactRefs(s))
	}
	return out, nil
}

// redactRefs shortens a value for an error message without echoing what may be a literal token.
func redactRefs(s string) string {
	if i := strings.Index(s, "${"); i >= 0 {
		end := i + 20
		if end > len(s) {
			end = len(s)
		}
		return "..." + s[i:end] + "..."
	}
	return "..."
}

// Tokens returns the profile's actor tokens as a fresh map.
func (p *Profile) Tokens() map[string]string {
	m := make(map[string]string, len(p.Actors))
	for k, v := range p.Actors {
		m[k] = v
	}
	return m
}
