package suite

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
)

func TestTagExpressions(t *testing.T) {
	tags := []string{"@rule:reclaim.returned", "@ambiguity:reclaim.returned=ALLOWED", "@wip"}
	tests := []struct {
		expr    string
		match   bool
		wantErr bool
	}{
		{"", true, false},
		{"@rule:reclaim.returned", true, false},
		{"rule:reclaim.returned", true, false},
		{"@rule:other", false, false},
		{"@rule:other,@wip", true, false},
		{"@rule:reclaim.returned && ~@wip", false, false},
		{"@rule:reclaim.returned && ~@slow", true, false},
		{"~@wip,@rule:other", false, false},
		{"@rule:other && @wip", false, false},
		{" @wip ", true, false},
		{"@a and not @b", false, true},
		{"@a,", false, true},
		{"@", false, true},
		{"~", false, true},
		{"@a && ", false, true},
		{"(@a)", false, true},
	}
	for _, tt := range tests {
		e, err := parseTags(tt.expr)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseTags(%q) err = %v", tt.expr, err)
			continue
		}
		if err == nil && e.match(tags) != tt.match {
			t.Errorf("%q matches = %v, want %v", tt.expr, !tt.match, tt.match)
		}
	}
}

// TestPlanAgreesWithGodog: the scenarios the runner plans for a tag expression are the ones
// godog runs.
func TestPlanAgreesWithGodog(t *testing.T) {
	profile, _ := fakeProfile(t, nil)
	for _, expr := range []string{"", "@rule:course.create", "@rule:course.create,@rule:submission.readers", "~@rule:submission.readers", "@rule:reclaim.returned && ~@ambiguity:reclaim.returned=ALLOWED"} {
		te, err := parseTags(expr)
		require.NoError(t, err)
		planned, err := plan(os.DirFS("testdata/features"), te)
		require.NoError(t, err)
		var want []string
		for _, p := range planned {
			want = append(want, p.uri+":"+p.name)
		}
		res, err := Run(t.Context(), Options{FS: os.DirFS("testdata/features"), Profile: profile, Tags: expr})
		require.NoError(t, err)
		var got []string
		for _, s := range res.Scenarios {
			got = append(got, s.URI+":"+s.Name)
			if s.Line == 0 {
				t.Errorf("%q: %s has no line", expr, s.Name)
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: godog ran %v, planned %v", expr, got, want)
		}
	}
}

func TestSkipReason(t *testing.T) {
	tests := []struct {
		tags []string
		exp  endpoint.Expectations
		want string
	}{
		{[]string{"@rule:x"}, nil, ""},
		{[]string{"@ambiguity:coursework.default-state=DRAFT"}, nil, ""},
		{[]string{"@ambiguity:coursework.default-state=PUBLISHED"}, nil, "profile expects coursework.default-state=DRAFT"},
		{[]string{"@ambiguity:coursework.default-state=PUBLISHED"}, endpoint.Expectations{"coursework.default-state": "PUBLISHED"}, ""},
		{[]string{"@ambiguity:coursework.default-state=DRAFT", "@ambiguity:turnin.already-turned-in=ALLOWED"},
			endpoint.Expectations{"coursework.default-state": "DRAFT"}, "profile expects turnin.already-turned-in=FAILED_PRECONDITION"},
		{[]string{"@ambiguity:modifyassignees.project-rule=ENFORCED"}, endpoint.Expectations{"modifyassignees.project-rule": "ENFORCED"}, ""},
	}
	for _, tt := range tests {
		if got := skipReason(tt.tags, tt.exp); got != tt.want {
			t.Errorf("skipReason(%v, %v) = %q, want %q", tt.tags, tt.exp, got, tt.want)
		}
	}
	for _, bad := range []string{"@ambiguity:reclaim.returned", "@ambiguity:nope=X", "@ambiguity:reclaim.returned=MAYBE"} {
		if _, _, ok, err := ambiguityTag(bad); !ok || err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ambiguityTag(%q) = %v, %v", bad, ok, err)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		err  bool
	}{
		{"pretty", Format{Name: "pretty"}, false},
		{"junit:reports/c.xml", Format{Name: "junit", File: "reports/c.xml"}, false},
		{"cucumber:C:/x.json", Format{Name: "cucumber", File: "C:/x.json"}, false},
		{"progress", Format{Name: "progress"}, false},
		{"events", Format{}, true},
		{"html:x", Format{}, true},
		{"junit:", Format{}, true},
		{"junit:a,b.xml", Format{}, true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err != nil) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("ParseFormat(%q) = %v, %v", tt.in, got, err)
		}
	}
}
