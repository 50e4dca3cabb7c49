package suite

import (
	"io/fs"

	"github.com/classroom-conformance/classroom-conformance/version"
)

// runVersions says which build ran which suite: the binary's versions, with the suite version
// of the features the run reads (the embedded ones, or a folder's). It is taken before a
// selection narrows the features, so every shard of a run carries the same suite version.
func runVersions(fsys fs.FS) (version.Info, error) {
	info, err := version.Get()
	if err != nil {
		return info, err
	}
	info.Suite, err = version.SuiteDigest(fsys)
	return info, err
}

// versionProperties are the JUnit properties of every testsuite of a run: what ran, so that a
// CI system's report says which versions its verdict is about.
func versionProperties(res *Result) *junitProperties {
	if res.Versions.Module == "" {
		return nil
	}
	props := []junitProperty{
		{Name: "classroom-conformance.version", Value: res.Versions.Module},
		{Name: "classroom-conformance.suite", Value: res.Versions.Suite},
		{Name: "classroom-conformance.discovery", Value: res.Versions.Discovery},
	}
	if !res.Shard.IsZero() {
		props = append(props, junitProperty{Name: "classroom-conformance.shard", Value: res.Shard.String()})
	}
	return &junitProperties{Property: props}
}
