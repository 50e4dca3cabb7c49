package reference

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// discoveryJSON is Google's discovery document of the Classroom API v1. The emulator takes its
// paths, query parameters, scopes and request schemas from it, so that what it accepts matches
// Google's description to the letter rather than a transcription of it.
//
//go:embed discovery.json
var discoveryJSON []byte

// A discovery is the part of the discovery document the emulator uses.
type discovery struct {
	Revision   string                `json:"revision"`
	Parameters map[string]*param     `json:"parameters"` // system parameters
	Schemas    map[string]*schema    `json:"schemas"`
	Resources  map[string]*dResource `json:"resources"`
	methods    map[string]*apiMethod // by method id
}

type dResource struct {
	Methods   map[string]*apiMethod `json:"methods"`
	Resources map[string]*dResource `json:"resources"`
}

// An apiMethod is one REST method of the discovery document.
type apiMethod struct {
	ID         string            `json:"id"`
	HTTPMethod string            `json:"httpMethod"`
	Path       string            `json:"path"`
	Parameters map[string]*param `json:"parameters"`
	Request    *schemaRef        `json:"request"`
	Response   *schemaRef        `json:"response"`
	Scopes     []string          `json:"scopes"`
}

type schemaRef struct {
	Ref string `json:"$ref"`
}

type param struct {
	Location string   `json:"location"`
	Type     string   `json:"type"`
	Format   string   `json:"format"`
	Enum     []string `json:"enum"`
	Repeated bool     `json:"repeated"`
	Required bool     `json:"required"`
}

// A schema is a JSON schema of the discovery document: an object with properties, an array, a map
// (additionalProperties), or a scalar with an optional format and enum.
type schema struct {
	ID                   string             `json:"id"`
	Type                 string             `json:"type"`
	Ref                  string             `json:"$ref"`
	Format               string             `json:"format"`
	Enum                 []string           `json:"enum"`
	Properties           map[string]*schema `json:"properties"`
	Items                *schema            `json:"items"`
	AdditionalProperties *schema            `json:"additionalProperties"`
}

var loadDiscovery = sync.OnceValues(func() (*discovery, error) {
	var d discovery
	if err := json.Unmarshal(discoveryJSON, &d); err != nil {
		return nil, fmt.Errorf("decode discovery document: %w", err)
	}
	d.methods = map[string]*apiMethod{}
	var walk func(r *dResource)
	walk = func(r *dResource) {
		for _, m := range r.Methods {
			d.methods[m.ID] = m
		}
		for _, sub := range r.Resources {
			walk(sub)
		}
	}
	for _, r := range d.Resources {
		walk(r)
	}
	return &d, nil
})

func (d *discovery) method(id string) (*apiMethod, error) {
	m, ok := d.methods[id]
	if !ok {
		return nil, fmt.Errorf("discovery document has no method %s", id)
	}
	return m, nil
}

// resolve follows a $ref.
func (d *discovery) resolve(s *schema) *schema {
	for s != nil && s.Ref != "" {
		s = d.Schemas[s.Ref]
	}
	return s
}

// queryParams returns the names of the query parameters a method accepts, with the system ones.
func (d *discovery) queryParams(m *apiMethod) map[string]*param {
	out := map[string]*param{}
	for n, p := range d.Parameters {
		out[n] = p
	}
	for n, p := range m.Parameters {
		if p.Location == "query" {
			out[n] = p
		}
	}
	return out
}

// snake returns the proto field name of a JSON (lowerCamelCase) name, as Google writes it in
// error messages: "dueDate" -> "due_date".
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r - 'A' + 'a')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// camel returns the JSON name of a proto field name: "due_date" -> "dueDate".
func camel(name string) string {
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
