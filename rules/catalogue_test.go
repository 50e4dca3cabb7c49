package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// minimal is a valid catalogue the rejection cases below break one way each.
const minimal = `
documents:
  - {id: seed, kind: seed, title: Seed page, url: https://example.invalid/seed}
rules:
  - id: reclaim.only-turned-in
    quote: FAILED_PRECONDITION if the student submission has not been turned in.
    source: {document: seed, ref: error codes}
    methods: [classroom.courses.courseWork.studentSubmissions.reclaim]
    code: FAILED_PRECONDITION
    documented: true
  - id: reclaim.returned-submission
    quote: Only for a student submission that has been turned in.
    source: {document: seed, ref: description}
    methods: [classroom.courses.courseWork.studentSubmissions.reclaim]
    code: FAILED_PRECONDITION
    documented: true
    ambiguity: reclaim.returned
  - id: errors.unknown-path
    source: {document: seed, ref: paths}
    methods: []
    code: NOT_FOUND
    documented: false
    note: inferred
ambiguities:
  - id: reclaim.returned
    question: May a RETURNED submission be reclaimed?
    texts:
      - {quote: has been turned in, source: {document: seed, ref: description}}
    choices:
      - {value: FAILED_PRECONDITION, behaviour: refused}
      - {value: ALLOWED, behaviour: reclaimed}
    default: FAILED_PRECONDITION
    profile_key: reclaim.returned
    behaviour: ReclaimReturned
notes:
  - {topic: unknown paths, decision: 404, rules: [errors.unknown-path]}
`

func TestParseMinimal(t *testing.T) {
	c, err := Parse([]byte(minimal))
	require.NoError(t, err, "Parse")
	if len(c.Rules) != 3 || len(c.Ambiguities) != 1 || len(c.Notes) != 1 {
		t.Fatalf("got %d rules, %d ambiguities, %d notes; want 3, 1, 1", len(c.Rules), len(c.Ambiguities), len(c.Notes))
	}
	r, ok := c.Rule("errors.unknown-path")
	if !ok || r.Documented {
		t.Errorf("errors.unknown-path: found %v, documented %v; want found and inferred", ok, r.Documented)
	}
	if r, _ := c.Rule("reclaim.only-turned-in"); !r.Documented {
		t.Error("reclaim.only-turned-in: documented: true was decoded as false")
	}
	a, _ := c.Ambiguity("reclaim.returned")
	if alt := a.Alternatives(); len(alt) != 1 || alt[0].Value != "ALLOWED" {
		t.Errorf("Alternatives() = %v, want [ALLOWED]", alt)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(string) string
		wantErr string
	}{
		{"an unknown key at the top", func(s string) string { return s + "extras: []\n" }, "field extras not found"},
		{"an unknown key in a rule", replace("    documented: true\n    ambiguity:", "    documented: true\n    severity: high\n    ambiguity:"), "field severity not found"},
		{"a duplicated rule id", replace("id: reclaim.returned-submission", "id: reclaim.only-turned-in"), "rule reclaim.only-turned-in: duplicate id"},
		{"a rule that does not say whether it is documented", replace("    code: NOT_FOUND\n    documented: false\n", "    code: NOT_FOUND\n"), "documented: must be set"},
		{"a documented rule without a quote", replace("    quote: Only for a student submission that has been turned in.\n", ""), "needs the quoted sentence"},
		{"an inferred rule without a note", replace("    note: inferred\n", ""), "needs a note"},
		{"a source that is not a document", replace("{document: seed, ref: error codes}", "{document: blog, ref: error codes}"), `source document "blog"`},
		{"a code that is not canonical", replace("code: NOT_FOUND", "code: MISSING"), `code "MISSING"`},
		{"a method that is not a discovery id", replace("methods: [classroom.courses.courseWork.studentSubmissions.reclaim]\n    code: FAILED_PRECONDITION\n    documented: true\n  - id: reclaim.returned", "methods: [reclaim]\n    code: FAILED_PRECONDITION\n    documented: true\n  - id: reclaim.returned"), `method "reclaim"`},
		{"a rule id that is not dotted", replace("id: errors.unknown-path", "id: UnknownPath"), "must be lower-case words"},
		{"an unknown ambiguity on a rule", replace("    ambiguity: reclaim.returned\n", "    ambiguity: reclaim.other\n"), `ambiguity "reclaim.other"`},
		{"a default that is not the first choice", replace("default: FAILED_PRECONDITION", "default: ALLOWED"), "must be the first choice"},
		{"a single choice", replace("      - {value: ALLOWED, behaviour: reclaimed}\n", ""), "at least two choices"},
		{"a lower-case choice", replace("value: ALLOWED", "value: allowed"), "must be UPPER_CASE"},
		{"an ambiguity without profile key", replace("    profile_key: reclaim.returned\n", ""), "profile_key and behaviour"},
		{"a note naming an unknown rule", replace("rules: [errors.unknown-path]", "rules: [errors.gone]"), `rule "errors.gone"`},
		{"a document of an unknown kind", replace("kind: seed", "kind: blog"), `kind "blog"`},
		{"no rules", func(string) string { return "documents: []\nrules: []\n" }, "no rules"},
		{"two YAML documents", func(s string) string { return s + "---\nrules: []\n" }, "more than one YAML document"},
		{"an empty file", func(string) string { return "" }, "empty document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.edit(minimal)
			if src == minimal {
				t.Fatal("the edit changed nothing: the test is broken")
			}
			_, err := Parse([]byte(src))
			if err == nil {
				t.Fatalf("Parse accepted the catalogue, want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse error = %v\nwant it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseInvalidIsInspectable(t *testing.T) {
	_, err := Parse([]byte(strings.Replace(minimal, "code: NOT_FOUND", "code: MISSING", 1)))
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("errors.Is(%v, ErrInvalid) = false", err)
	}
}

func TestLoadEmbeddedCatalogue(t *testing.T) {
	c, err := Load()
	require.NoError(t, err)
	// The ambiguities of the shared contract, with their defaults and reference switches.
	want := map[string][3]string{
		"coursework.default-state":       {"DRAFT", "PUBLISHED", "CourseWorkDefaultState"},
		"reclaim.returned":               {"FAILED_PRECONDITION", "ALLOWED", "ReclaimReturned"},
		"return.not-turned-in":           {"FAILED_PRECONDITION", "ALLOWED", "ReturnNotTurnedIn"},
		"turnin.already-turned-in":       {"FAILED_PRECONDITION", "ALLOWED", "TurnInTwice"},
		"modifyassignees.project-rule":   {"NOT_ENFORCED", "ENFORCED", "ModifyAssigneesProjectRule"},
		"coursework.hidden-from-student": {"NOT_FOUND", "PERMISSION_DENIED", "HiddenWorkPermissionDenied"},
		"coursework.deleted":             {"DELETED_VISIBLE", "NOT_FOUND", "DeletedWorkNotFound"},
	}
	assert.Len(t, c.Ambiguities, len(want))
	for id, w := range want {
		a, ok := c.Ambiguity(id)
		if !assert.True(t, ok, "ambiguity %s missing", id) {
			continue
		}
		assert.Equal(t, []string{w[0], w[1]}, a.Values(), id)
		assert.Equal(t, w[2], a.Behaviour, id)
		assert.Equal(t, id, a.ProfileKey, id)
	}
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}
