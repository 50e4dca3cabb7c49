// Package vcryaml reads and writes go-vcr v3 cassette documents without building a YAML node
// tree, which is what makes yaml.v3 (hence go-vcr) take seconds and gigabytes on large
// cassettes, and hundreds of microseconds to write one interaction.
//
// Decode reads the block YAML that Encode and yaml.v3 write, straight into go-vcr's types, and
// gives up with ErrUnsupported on anything else (comments, anchors, flow collections, folded or
// multi-line flow scalars...), for the caller to decode with yaml.v3. EncodeInteraction writes
// the layout yaml.v3 gives go-vcr's Cassette type (same keys, order and indentation), so go-vcr
// reads it and a diff against a go-vcr cassette shows only differences of quoting.
//
// The package's contract is its fuzz tests: whatever Decode accepts, yaml.v3 reads the same
// from it (FuzzDecodeAgreesWithYAMLv3), and every string the writer writes reads back unchanged
// with both (FuzzWrittenStringsReadBackUnchanged).
package vcryaml
