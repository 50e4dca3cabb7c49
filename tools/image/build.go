package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/version"
)

// What the image is; the Dockerfile says the same (see TestDockerfileAgrees).
const (
	binaryPath     = "/usr/local/bin/classroom-conformance"
	cassettesPath  = "/cassettes"
	caCertsPath    = "/etc/ssl/certs/ca-certificates.crt"
	homePath       = "/home/nonroot"
	user           = "65532:65532"
	uid, gid       = 65532, 65532
	defaultCACerts = "/etc/ssl/certs/ca-certificates.crt"
	imageName      = "classroom-conformance"
	modulePackage  = version.ModulePath + "/version"

	labelVersion   = "org.opencontainers.image.version"
	labelRevision  = "org.opencontainers.image.revision"
	labelSuite     = "io.github.classroom-conformance.suite-version"
	labelDiscovery = "io.github.classroom-conformance.discovery-revision"
)

var (
	entrypoint = []string{binaryPath}
	// The default command replays the shipped cassettes: `docker run IMAGE` checks the image.
	cmd = []string{"run", "--replay", cassettesPath}
	env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "SSL_CERT_FILE=" + caCertsPath}
	// staticLabels are the labels that do not depend on the build.
	staticLabels = map[string]string{
		"org.opencontainers.image.title":       "classroom-conformance",
		"org.opencontainers.image.description": "Conformance suite, record/replay proxy and reference emulator for the Google Classroom API v1",
		"org.opencontainers.image.source":      "https://" + version.ModulePath,
		"org.opencontainers.image.url":         "https://" + version.ModulePath,
	}
)

// Options say what to build the image from and where to write it.
type Options struct {
	Root    string // the repository (required)
	Out     string // the tarball to write (required)
	Arch    string // GOARCH of the image; "" is the build machine's
	CACerts string // PEM bundle to ship; "" is defaultCACerts
	// Epoch is the time of every file and of the image; zero means SOURCE_DATE_EPOCH, else the
	// commit time, so that building the same commit twice gives the same image.
	Epoch time.Time
}

// Result describes the image written.
type Result struct {
	Digest v1.Hash // of the manifest
	Size   int64   // of the tarball
	Labels map[string]string
}

// Build compiles the binary and writes the image tarball.
func Build(ctx context.Context, opts Options) (*Result, error) {
	if opts.Root == "" || opts.Out == "" {
		return nil, errors.New("build: Root and Out are required")
	}
	if opts.Arch == "" {
		opts.Arch = runtime.GOARCH
	}
	if opts.CACerts == "" {
		opts.CACerts = defaultCACerts
	}
	certs, err := os.ReadFile(opts.CACerts)
	if err != nil {
		return nil, fmt.Errorf("CA certificates: %w (give another bundle with -ca-certs)", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(certs) {
		return nil, fmt.Errorf("CA certificates: %s holds no PEM certificate", opts.CACerts)
	}
	vcs := readVCS(ctx, opts.Root)
	if opts.Epoch.IsZero() {
		opts.Epoch = vcs.epoch()
	}
	opts.Epoch = opts.Epoch.UTC()

	work, err := os.MkdirTemp("", "classroom-conformance-image-")
	if err != nil {
		return nil, fmt.Errorf("work folder: %w", err)
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "classroom-conformance")
	if err := buildBinary(ctx, opts, vcs, bin); err != nil {
		return nil, err
	}

	labels, err := imageLabels(vcs)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	base, err := baseLayer(opts, certs)
	if err != nil {
		return nil, fmt.Errorf("base layer: %w", err)
	}
	cassettes, err := dirLayer(opts, filepath.Join(opts.Root, "cassettes"), cassettesPath)
	if err != nil {
		return nil, fmt.Errorf("cassettes layer: %w", err)
	}
	binary, err := fileLayer(opts, bin, binaryPath, 0o755)
	if err != nil {
		return nil, fmt.Errorf("binary layer: %w", err)
	}
	img, err := assemble(opts, labels, []layerSpec{
		{base, "users, CA certificates, home and /tmp"},
		{cassettes, "the shipped cassettes at " + cassettesPath},
		{binary, "the static binary at " + binaryPath},
	})
	if err != nil {
		return nil, fmt.Errorf("assemble the image: %w", err)
	}
	digest, err := writeTarball(opts, img, work, labels[labelVersion])
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", opts.Out, err)
	}
	st, err := os.Stat(opts.Out)
	if err != nil {
		return nil, err
	}
	return &Result{Digest: digest, Size: st.Size(), Labels: labels}, nil
}

// vcsInfo is what git says about the checkout.
type vcsInfo struct {
	revision string
	dirty    bool
	time     int64 // commit time, Unix seconds
}

func readVCS(ctx context.Context, root string) vcsInfo {
	git := func(args ...string) string {
		out, err := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	v := vcsInfo{revision: git("rev-parse", "HEAD")}
	if v.revision != "" {
		v.dirty = git("status", "--porcelain") != ""
		v.time, _ = strconv.ParseInt(git("log", "-1", "--format=%ct"), 10, 64)
	}
	return v
}

func (v vcsInfo) epoch() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0)
		}
	}
	return time.Unix(v.time, 0)
}

// moduleVersion is what the binary will print as its version.
func (v vcsInfo) moduleVersion() string {
	if v.revision == "" {
		return version.Devel
	}
	return version.CheckoutVersion(v.revision, v.dirty)
}

// buildBinary compiles a static, stripped binary for linux/opts.Arch, stamped with the
// checkout's revision as the Makefile stamps it.
func buildBinary(ctx context.Context, opts Options, vcs vcsInfo, out string) error {
	ldflags := fmt.Sprintf("-s -w -X %s.revision=%s -X %s.modified=%t", modulePackage, vcs.revision, modulePackage, vcs.dirty)
	c := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags, "-o", out, "./cmd/classroom-conformance")
	c.Dir = opts.Root
	c.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+opts.Arch)
	if msg, err := c.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, msg)
	}
	return nil
}

// dockerArgs maps the Dockerfile's build arguments to the labels they fill.
var dockerArgs = map[string]string{
	"VERSION":            labelVersion,
	"REVISION":           labelRevision,
	"SUITE_VERSION":      labelSuite,
	"DISCOVERY_REVISION": labelDiscovery,
}

// DockerBuildArgs returns the --build-arg flags with which `docker build` stamps and labels the
// image as Build does.
func DockerBuildArgs(ctx context.Context, root string) ([]string, error) {
	vcs := readVCS(ctx, root)
	labels, err := imageLabels(vcs)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(dockerArgs))
	for name := range dockerArgs {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		out = append(out, "--build-arg", name+"="+labels[dockerArgs[name]])
	}
	return append(out, "--build-arg", "MODIFIED="+strconv.FormatBool(vcs.dirty)), nil
}

func imageLabels(vcs vcsInfo) (map[string]string, error) {
	suite, err := version.SuiteDigest(features.FS)
	if err != nil {
		return nil, err
	}
	labels := map[string]string{
		labelVersion:   vcs.moduleVersion(),
		labelRevision:  vcs.revision,
		labelSuite:     suite,
		labelDiscovery: discovery.Revision(),
	}
	for k, v := range staticLabels {
		labels[k] = v
	}
	return labels, nil
}

type layerSpec struct {
	layer v1.Layer
	what  string
}

// assemble puts the layers on an empty OCI image with the configuration of classroom-conformance.
func assemble(opts Options, labels map[string]string, layers []layerSpec) (v1.Image, error) {
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	created := v1.Time{Time: opts.Epoch}
	for _, l := range layers {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: l.layer, History: v1.History{Created: created, CreatedBy: "tools/image: " + l.what}})
		if err != nil {
			return nil, err
		}
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS, cf.Created = opts.Arch, "linux", created
	cf.Config = v1.Config{Entrypoint: entrypoint, Cmd: cmd, Env: env, User: user, WorkingDir: homePath, Labels: labels}
	return mutate.ConfigFile(img, cf)
}

// tags are the names the image loads under: latest and its version (a tag cannot hold "+").
func tags(ver string) []string {
	return []string{imageName + ":latest", imageName + ":" + strings.NewReplacer("+", "-", "(", "", ")", "").Replace(ver)}
}

// writeTarball writes the image as an OCI image layout, with a Docker manifest.json beside it as
// `docker save` writes one, so that every docker and podman loads it, then tars it to opts.Out
// (replaced only when complete).
func writeTarball(opts Options, img v1.Image, work, ver string) (v1.Hash, error) {
	dir := filepath.Join(work, "layout")
	p, err := layout.Write(dir, empty.Index)
	if err != nil {
		return v1.Hash{}, err
	}
	names := tags(ver)
	for _, name := range names {
		_, tag, _ := strings.Cut(name, ":")
		if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{
			"org.opencontainers.image.ref.name": tag,
			"io.containerd.image.name":          "docker.io/library/" + name,
		})); err != nil {
			return v1.Hash{}, err
		}
	}
	digest, err := img.Digest()
	if err != nil {
		return v1.Hash{}, err
	}
	cfgName, err := img.ConfigName()
	if err != nil {
		return v1.Hash{}, err
	}
	layers, err := img.Layers()
	if err != nil {
		return v1.Hash{}, err
	}
	dm := []map[string]any{{"Config": blobPath(cfgName), "RepoTags": names, "Layers": []string{}}}
	for _, l := range layers {
		d, err := l.Digest()
		if err != nil {
			return v1.Hash{}, err
		}
		dm[0]["Layers"] = append(dm[0]["Layers"].([]string), blobPath(d))
	}
	b, err := json.Marshal(dm)
	if err != nil {
		return v1.Hash{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), b, 0o644); err != nil {
		return v1.Hash{}, err
	}
	if err := os.MkdirAll(filepath.Dir(opts.Out), 0o755); err != nil {
		return v1.Hash{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(opts.Out), ".image-*.tar")
	if err != nil {
		return v1.Hash{}, err
	}
	defer os.Remove(tmp.Name())
	if err := tarDir(tmp, dir, opts.Epoch); err != nil {
		tmp.Close()
		return v1.Hash{}, err
	}
	if err := tmp.Close(); err != nil {
		return v1.Hash{}, err
	}
	// CreateTemp makes the file private; an artefact is for anyone to load.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return v1.Hash{}, err
	}
	return digest, os.Rename(tmp.Name(), opts.Out)
}
