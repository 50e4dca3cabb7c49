package verify

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// An apiIndex is what verify reads from a discovery document: which method a request calls,
// and, along the schema of its answer, which fields are enums and which have a format. Nothing
// else about Classroom is known here.
type apiIndex struct {
	methods []apiMethod
	schemas map[string]*schema
}

type apiMethod struct {
	id       string
	http     string
	segments []string // the path template, split at "/"; "{x}" matches one segment
	verb     string   // custom verb after ":" in the last segment, if any
	response string   // schema id of the answer
}

// A schema is the part of a discovery schema that comparison uses.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Format               string             `json:"format"`
	Enum                 []string           `json:"enum"`
	Properties           map[string]*schema `json:"properties"`
	Items                *schema            `json:"items"`
	AdditionalProperties *schema            `json:"additionalProperties"`
}

type discoveryDoc struct {
	RootURL     string                `json:"rootUrl"`
	ServicePath string                `json:"servicePath"`
	Schemas     map[string]*schema    `json:"schemas"`
	Resources   map[string]*dResource `json:"resources"`
}

type dResource struct {
	Methods   map[string]*dMethod   `json:"methods"`
	Resources map[string]*dResource `json:"resources"`
}

type dMethod struct {
	ID         string `json:"id"`
	HTTPMethod string `json:"httpMethod"`
	Path       string `json:"path"`
	FlatPath   string `json:"flatPath"`
	Response   *struct {
		Ref string `json:"$ref"`
	} `json:"response"`
}

// parseDiscovery reads a discovery document. An empty document gives an index that knows no
// method: requests are then named by their HTTP method and path, and nothing is an enum.
func parseDiscovery(doc []byte) (*apiIndex, error) {
	idx := &apiIndex{schemas: map[string]*schema{}}
	if len(doc) == 0 {
		return idx, nil
	}
	var d discoveryDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("discovery document: %w", err)
	}
	idx.schemas = d.Schemas
	var walk func(r *dResource)
	walk = func(r *dResource) {
		for _, m := range r.Methods {
			p := m.FlatPath
			if p == "" {
				p = m.Path
			}
			am := apiMethod{id: m.ID, http: m.HTTPMethod}
			if m.Response != nil {
				am.response = m.Response.Ref
			}
			segs := strings.Split(strings.Trim(d.ServicePath+p, "/"), "/")
			if last := segs[len(segs)-1]; strings.Contains(last, ":") {
				i := strings.LastIndex(last, ":")
				segs[len(segs)-1], am.verb = last[:i], last[i+1:]
			}
			am.segments = segs
			idx.methods = append(idx.methods, am)
		}
		for _, sub := range r.Resources {
			walk(sub)
		}
	}
	for _, r := range d.Resources {
		walk(r)
	}
	// Literal segments win over wildcards: courses/{courseId}/aliases before courses/{id}/x.
	sort.Slice(idx.methods, func(i, j int) bool {
		return literals(idx.methods[i].segments) > literals(idx.methods[j].segments)
	})
	return idx, nil
}

func literals(segs []string) int {
	n := 0
	for _, s := range segs {
		if !strings.HasPrefix(s, "{") {
			n++
		}
	}
	return n
}

// method returns the method a request calls, or nil.
func (x *apiIndex) method(httpMethod, path string) *apiMethod {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	verb := ""
	if last := segs[len(segs)-1]; strings.Contains(last, ":") {
		i := strings.LastIndex(last, ":")
		segs[len(segs)-1], verb = last[:i], last[i+1:]
	}
	for i := range x.methods {
		m := &x.methods[i]
		if m.http != httpMethod || m.verb != verb || len(m.segments) != len(segs) {
			continue
		}
		ok := true
		for k, s := range m.segments {
			if !strings.HasPrefix(s, "{") && s != segs[k] {
				ok = false
				break
			}
		}
		if ok {
			return m
		}
	}
	return nil
}

// resolve follows $ref.
func (x *apiIndex) resolve(s *schema) *schema {
	for n := 0; s != nil && s.Ref != "" && n < 64; n++ {
		s = x.schemas[s.Ref]
	}
	return s
}

// responseSchema is the schema of the answer of m, or nil.
func (x *apiIndex) responseSchema(m *apiMethod) *schema {
	if m == nil || m.response == "" {
		return nil
	}
	return x.schemas[m.response]
}

// field returns the schema of member key of an object of schema s, or nil.
func (x *apiIndex) field(s *schema, key string) *schema {
	s = x.resolve(s)
	if s == nil {
		return nil
	}
	if p, ok := s.Properties[key]; ok {
		return x.resolve(p)
	}
	return x.resolve(s.AdditionalProperties)
}

// item returns the schema of the elements of an array of schema s, or nil.
func (x *apiIndex) item(s *schema) *schema {
	s = x.resolve(s)
	if s == nil {
		return nil
	}
	return x.resolve(s.Items)
}
