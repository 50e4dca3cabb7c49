// Package discovery reads Google's discovery document of the Classroom API v1 and answers what
// the rest of the tool needs from it: which method a request calls (Match), what its parameters
// and schemas are, and whether a request or an answer conforms to them (CheckRequest,
// CheckResponse).
//
// The reference emulator, the proxy's fault plans and the validation of traffic share it, so
// that all three read the same description of the API; it imports only the standard library, so
// the reference can depend on it and stay vendorable.
package discovery

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
)

// documentJSON is the classroom v1 discovery document shipped with google.golang.org/api.
//
//go:embed discovery.json
var documentJSON []byte

// A Document is the part of the discovery document this tool uses. It is read-only once loaded
// and shared: callers must not modify it.
type Document struct {
	Revision   string               `json:"revision"`
	Parameters map[string]*Param    `json:"parameters"` // system parameters, valid on every method
	Schemas    map[string]*Schema   `json:"schemas"`
	Resources  map[string]*Resource `json:"resources"`
	// Methods holds every method of every resource, by method id
	// ("classroom.courses.courseWork.create").
	Methods map[string]*Method `json:"-"`

	routes *router
}

// A Resource is a collection of methods and sub-resources.
type Resource struct {
	Methods   map[string]*Method   `json:"methods"`
	Resources map[string]*Resource `json:"resources"`
}

// A Method is one REST method of the discovery document.
type Method struct {
	ID         string            `json:"id"`
	HTTPMethod string            `json:"httpMethod"`
	Path       string            `json:"path"` // relative to the service path, e.g. "v1/courses/{id}"
	Parameters map[string]*Param `json:"parameters"`
	Request    *SchemaRef        `json:"request"`
	Response   *SchemaRef        `json:"response"`
	Scopes     []string          `json:"scopes"`
}

// A SchemaRef names a schema of Document.Schemas.
type SchemaRef struct {
	Ref string `json:"$ref"`
}

// A Param is a path or query parameter.
type Param struct {
	Location string   `json:"location"` // "path" or "query"
	Type     string   `json:"type"`
	Format   string   `json:"format"`
	Enum     []string `json:"enum"`
	Repeated bool     `json:"repeated"`
	Required bool     `json:"required"`
}

// A Schema is a JSON schema of the discovery document: an object with properties, an array, a
// map (additionalProperties), a reference to another schema, or a scalar with an optional format
// and enum.
type Schema struct {
	ID                   string             `json:"id"`
	Type                 string             `json:"type"`
	Ref                  string             `json:"$ref"`
	Format               string             `json:"format"`
	Enum                 []string           `json:"enum"`
	ReadOnly             bool               `json:"readOnly"`
	Properties           map[string]*Schema `json:"properties"`
	Items                *Schema            `json:"items"`
	AdditionalProperties *Schema            `json:"additionalProperties"`
}

// Load returns the embedded discovery document, decoded once per process.
func Load() (*Document, error) { return loadEmbedded() }

var loadEmbedded = sync.OnceValues(func() (*Document, error) { return Parse(documentJSON) })

// Revision returns the revision of the embedded discovery document ("20261028"), or "" if it
// cannot be read.
func Revision() string {
	d, err := Load()
	if err != nil {
		return ""
	}
	return d.Revision
}

// JSON returns the embedded discovery document as Google publishes it.
func JSON() []byte { return append([]byte(nil), documentJSON...) }

// Parse decodes a discovery document and indexes its methods and routes.
func Parse(data []byte) (*Document, error) {
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("decode discovery document: %w", err)
	}
	d.Methods = map[string]*Method{}
	var walk func(r *Resource)
	walk = func(r *Resource) {
		for _, m := range r.Methods {
			d.Methods[m.ID] = m
		}
		for _, sub := range r.Resources {
			walk(sub)
		}
	}
	for _, r := range d.Resources {
		walk(r)
	}
	rt, err := newRouter(d.Methods)
	if err != nil {
		return nil, err
	}
	d.routes = rt
	return &d, nil
}

// Method returns the method with the given id.
func (d *Document) Method(id string) (*Method, error) {
	m, ok := d.Methods[id]
	if !ok {
		return nil, fmt.Errorf("discovery document has no method %s", id)
	}
	return m, nil
}

// MethodIDs returns the ids of every method, sorted.
func (d *Document) MethodIDs() []string {
	ids := make([]string, 0, len(d.Methods))
	for id := range d.Methods {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Resolve follows a schema's $ref to the schema it names.
func (d *Document) Resolve(s *Schema) *Schema {
	for s != nil && s.Ref != "" {
		s = d.Schemas[s.Ref]
	}
	return s
}

// QueryParams returns the query parameters a method accepts, the system parameters included.
func (d *Document) QueryParams(m *Method) map[string]*Param {
	out := make(map[string]*Param, len(d.Parameters)+len(m.Parameters))
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
