package reference

import (
	"sort"
	"strings"

	disco "github.com/classroom-conformance/classroom-conformance/discovery"
)

// The emulator takes its paths, query parameters, scopes and request schemas from Google's
// discovery document (package discovery), so that what it accepts matches Google's description
// to the letter rather than a transcription of it.
type (
	apiMethod = disco.Method
	param     = disco.Param
	schema    = disco.Schema
)

// A discovery is the discovery document as the emulator uses it.
type discovery struct {
	*disco.Document
	methods map[string]*apiMethod // by method id
}

func loadDiscovery() (*discovery, error) {
	d, err := disco.Load()
	if err != nil {
		return nil, err
	}
	return &discovery{Document: d, methods: d.Methods}, nil
}

// resolve follows a $ref.
func (d *discovery) resolve(s *schema) *schema { return d.Resolve(s) }

// queryParams returns the query parameters a method accepts, with the system ones.
func (d *discovery) queryParams(m *apiMethod) map[string]*param { return d.QueryParams(m) }

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
func camel(name string) string { return disco.Camel(name) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
