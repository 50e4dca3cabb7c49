package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/results"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// buildVersions says which tool, suite and discovery revision this binary is: the module
// version from the build information (a checkout build: its VCS revision), a digest of the
// embedded features and catalogue, and the discovery revision the catalogue quotes. It is the
// one place that knows; a version package may take its place.
func buildVersions() results.Versions {
	v := results.Versions{Tool: "devel", Suite: "unknown", Discovery: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Tool = bi.Main.Version
		} else {
			var rev, dirty string
			for _, s := range bi.Settings {
				switch {
				case s.Key == "vcs.revision" && len(s.Value) >= 12:
					rev = s.Value[:12]
				case s.Key == "vcs.modified" && s.Value == "true":
					dirty = "-dirty"
				}
			}
			if rev != "" {
				v.Tool = "devel+" + rev + dirty
			}
		}
	}
	h := sha256.New()
	err := fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".feature") {
			return err
		}
		b, err := fs.ReadFile(features.FS, p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return err
	})
	cat, cerr := rules.Load()
	if err == nil && cerr == nil {
		b, _ := json.Marshal(cat)
		h.Write(b)
		v.Suite = "sha256:" + hex.EncodeToString(h.Sum(nil))
	}
	if cerr == nil {
		if d, ok := cat.Document("discovery"); ok {
			if m := revisionInTitle.FindStringSubmatch(d.Title); m != nil {
				v.Discovery = m[1]
			}
		}
	}
	return v
}

// profileName names a profile in the results by its file name without extension.
func profileName(path string) string {
	if path == "" {
		return ""
	}
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

var revisionInTitle = regexp.MustCompile(`revision (\d+)`)
