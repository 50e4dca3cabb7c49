package cassette

import (
	"gopkg.in/yaml.v3"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette/internal/vcryaml"
)

// document is the on-disk layout of a go-vcr v3 cassette.
type document = vcryaml.Document

// decode parses a cassette document: with the fast reader when the document is in its subset
// (every cassette this package or go-vcr writes), otherwise with yaml.v3.
func decode(data []byte) (*document, error) {
	if doc, err := vcryaml.Decode(data); err == nil {
		return doc, nil
	}
	var doc document
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	return &doc, nil
}
