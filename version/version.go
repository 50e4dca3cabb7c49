// Package version says which build of classroom-conformance produced a result: the module
// version (or, for a build from a checkout, its VCS revision), the version of the conformance
// suite it carries (a digest of the embedded features and rules catalogue), and the revision of
// the discovery document the reference follows. Reports carry all three, because a verdict is
// only comparable with another made by the same suite against the same description of the API.
package version

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"runtime/debug"
	"sort"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// ModulePath is the module classroom-conformance is built from.
const ModulePath = "github.com/classroom-conformance/classroom-conformance"

// Devel is the module version of a build that carries no version: a test binary, or a build
// made with -buildvcs=false outside a module download.
const Devel = "(devel)"

// revision and modified are set by the Makefile (-ldflags -X) from git, for the checkouts Go does
// not stamp itself: a git worktree, or a build with GOFLAGS=-buildvcs=false. They are read-only
// link-time values, used only when the build info has no VCS revision of its own.
var revision, modified string

// Info describes one build.
type Info struct {
	// Module is the module version: a release tag (v1.2.0) for `go install ...@v1.2.0`, a
	// pseudo-version with "+dirty" for a build from a checkout with changes, or Devel.
	Module string `json:"module"`
	// Revision is the VCS commit the binary was built from, when the build recorded it.
	Revision string `json:"revision,omitempty"`
	// Dirty says the checkout had uncommitted changes.
	Dirty bool `json:"dirty,omitempty"`
	// Go is the Go toolchain that built the binary.
	Go string `json:"go"`
	// Suite is the digest of the features and the rules catalogue (see SuiteDigest).
	Suite string `json:"suite"`
	// Discovery is the revision of the discovery document the reference follows.
	Discovery string `json:"discovery"`
}

// Get returns the build's Info, with the suite digest of the embedded features.
func Get() (Info, error) {
	info := Info{Module: Devel, Discovery: discovery.Revision()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info = fromBuildInfo(bi, info, revision, modified)
	}
	digest, err := SuiteDigest(features.FS)
	if err != nil {
		return info, err
	}
	info.Suite = digest
	return info, nil
}

// fromBuildInfo fills the module version, VCS revision and toolchain from the build info, or
// the revision from stampedRev and stampedMod (the linker's -X values) when it has none.
func fromBuildInfo(bi *debug.BuildInfo, info Info, stampedRev, stampedMod string) Info {
	info.Go = bi.GoVersion
	if v := bi.Main.Version; v != "" {
		info.Module = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.modified":
			info.Dirty = s.Value == "true"
		}
	}
	if info.Revision == "" && stampedRev != "" {
		info.Revision, info.Dirty = stampedRev, stampedMod == "true"
	}
	// A checkout build without a module version of its own still says which commit it is.
	if info.Module == Devel && info.Revision != "" {
		info.Module = CheckoutVersion(info.Revision, info.Dirty)
	}
	return info
}

// CheckoutVersion is the module version of a build from a checkout at revision that has no
// version of its own: "devel-" and the revision's first 12 characters, with "+dirty" when the
// checkout had uncommitted changes. Builders that label an artefact use it to say what the
// binary inside will print.
func CheckoutVersion(revision string, dirty bool) string {
	if len(revision) > 12 {
		revision = revision[:12]
	}
	v := "devel-" + revision
	if dirty {
		v += "+dirty"
	}
	return v
}

// SuiteDigest is the version of a suite: the first 16 hex digits of a SHA-256 over every
// *.feature file of fsys (by path, in order) and the decoded rules catalogue. It changes when a
// scenario, a tag or a rule changes, and not when the binary is rebuilt, so two runs with the
// same digest checked the same things.
func SuiteDigest(fsys fs.FS) (string, error) {
	h := sha256.New()
	files, err := features.Files(fsys)
	if err != nil {
		return "", fmt.Errorf("suite digest: %w", err)
	}
	sort.Strings(files)
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", fmt.Errorf("suite digest: %w", err)
		}
		// Length-prefixed, so that no two different sets of files hash the same bytes.
		fmt.Fprintf(h, "feature %d %s %d\n", len(f), f, len(data))
		h.Write(data)
	}
	cat, err := rules.Load()
	if err != nil {
		return "", fmt.Errorf("suite digest: %w", err)
	}
	catJSON, err := json.Marshal(cat)
	if err != nil {
		return "", fmt.Errorf("suite digest: %w", err)
	}
	fmt.Fprintf(h, "catalogue %d\n", len(catJSON))
	h.Write(catJSON)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// WriteText writes the Info for a person, one fact a line.
func (i Info) WriteText(w io.Writer) error {
	rev := i.Revision
	if rev == "" {
		rev = "unknown (not built from a checkout)"
	} else if i.Dirty {
		rev += " (with uncommitted changes)"
	}
	_, err := fmt.Fprintf(w, "classroom-conformance %s\nmodule:    %s %s\nrevision:  %s\nsuite:     %s\ndiscovery: %s\ngo:        %s\n",
		i.Module, ModulePath, i.Module, rev, i.Suite, i.Discovery, i.Go)
	return err
}
