package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/version"
)

// maxImageSize is the size the design allows the image.
const maxImageSize = 60 << 20

// ociImage is an image read back from a tarball with the standard library only, so that the
// test checks what docker and podman read rather than what go-containerregistry wrote.
type ociImage struct {
	files    map[string][]byte // the tarball's files
	manifest struct {
		Config struct{ Digest string }
		Layers []struct {
			MediaType, Digest string
			Size              int64
		}
	}
	config struct {
		Architecture, OS string
		Config           struct {
			Entrypoint, Cmd, Env []string
			User, WorkingDir     string
			Labels               map[string]string
		}
		RootFS struct {
			DiffIDs []string `json:"diff_ids"`
		}
	}
}

func blob(t *testing.T, files map[string][]byte, digest string) []byte {
	t.Helper()
	algo, hexDigest, _ := strings.Cut(digest, ":")
	b, ok := files["blobs/"+algo+"/"+hexDigest]
	if !ok {
		t.Fatalf("no blob %s", digest)
	}
	sum := sha256.Sum256(b)
	if algo != "sha256" || hex.EncodeToString(sum[:]) != hexDigest {
		t.Fatalf("blob %s does not have its digest", digest)
	}
	return b
}

func readImage(t *testing.T, tarball string) *ociImage {
	t.Helper()
	f, err := os.Open(tarball)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img := &ociImage{files: map[string][]byte{}}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			img.files[h.Name] = b
		}
	}
	var layoutFile struct{ ImageLayoutVersion string }
	if err := json.Unmarshal(img.files["oci-layout"], &layoutFile); err != nil || layoutFile.ImageLayoutVersion != "1.0.0" {
		t.Fatalf("oci-layout (%v): %s", err, img.files["oci-layout"])
	}
	var index struct {
		Manifests []struct {
			MediaType, Digest string
			Annotations       map[string]string
		}
	}
	if err := json.Unmarshal(img.files["index.json"], &index); err != nil {
		t.Fatalf("index.json: %v", err)
	}
	if len(index.Manifests) == 0 || index.Manifests[0].MediaType != "application/vnd.oci.image.manifest.v1+json" {
		t.Fatalf("index.json: %s", img.files["index.json"])
	}
	refs := map[string]bool{}
	for _, m := range index.Manifests {
		if m.Digest != index.Manifests[0].Digest {
			t.Errorf("index.json names two images: %s", img.files["index.json"])
		}
		refs[m.Annotations["io.containerd.image.name"]] = true
	}
	if !refs["docker.io/library/classroom-conformance:latest"] {
		t.Errorf("the image does not load as classroom-conformance:latest: %v", refs)
	}
	if err := json.Unmarshal(blob(t, img.files, index.Manifests[0].Digest), &img.manifest); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(blob(t, img.files, img.manifest.Config.Digest), &img.config); err != nil {
		t.Fatal(err)
	}

	// docker load reads manifest.json; it must name the same config and layers.
	var dm []struct {
		Config   string
		RepoTags []string
		Layers   []string
	}
	if err := json.Unmarshal(img.files["manifest.json"], &dm); err != nil || len(dm) != 1 {
		t.Fatalf("manifest.json (%v): %s", err, img.files["manifest.json"])
	}
	if dm[0].Config != "blobs/"+strings.Replace(img.manifest.Config.Digest, ":", "/", 1) || len(dm[0].Layers) != len(img.manifest.Layers) {
		t.Errorf("manifest.json disagrees with the OCI manifest: %s", img.files["manifest.json"])
	}
	for i, l := range img.manifest.Layers {
		if i < len(dm[0].Layers) && dm[0].Layers[i] != "blobs/"+strings.Replace(l.Digest, ":", "/", 1) {
			t.Errorf("manifest.json layer %d is %s, the OCI manifest's %s", i, dm[0].Layers[i], l.Digest)
		}
	}
	return img
}

// unpack extracts the layers in order into dir and returns the uncompressed size and the
// headers by path.
func (img *ociImage) unpack(t *testing.T, dir string) (int64, map[string]*tar.Header) {
	t.Helper()
	var size int64
	headers := map[string]*tar.Header{}
	for i, l := range img.manifest.Layers {
		if l.MediaType != "application/vnd.oci.image.layer.v1.tar+gzip" {
			t.Errorf("layer %d has media type %s", i, l.MediaType)
		}
		b := blob(t, img.files, l.Digest)
		gz, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(gz)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(raw)
		if i >= len(img.config.RootFS.DiffIDs) || img.config.RootFS.DiffIDs[i] != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("layer %d does not match its diff_id", i)
		}
		size += int64(len(raw))
		tr := tar.NewReader(bytes.NewReader(raw))
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			name := path.Clean(h.Name)
			if strings.HasPrefix(name, "../") || path.IsAbs(name) {
				t.Fatalf("layer %d escapes the root: %s", i, h.Name)
			}
			headers["/"+name] = h
			target := filepath.Join(dir, filepath.FromSlash(name))
			switch h.Typeflag {
			case tar.TypeDir:
				if err := os.MkdirAll(target, 0o755); err != nil {
					t.Fatal(err)
				}
			case tar.TypeReg:
				data, err := io.ReadAll(tr)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(target, data, os.FileMode(h.Mode)&0o777|0o200); err != nil {
					t.Fatal(err)
				}
			default:
				t.Errorf("layer %d: %s has type %c", i, h.Name, h.Typeflag)
			}
		}
	}
	return size, headers
}

func buildImage(t *testing.T, out string) *Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := Build(ctx, Options{Root: "../..", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestImage builds the image as `make image` does, reads it back as docker would, and runs the
// binary from its root file system: its version, and the shipped cassettes it carries.
func TestImage(t *testing.T) {
	dir := t.TempDir()
	tarball := filepath.Join(dir, "image.tar")
	res := buildImage(t, tarball)
	img := readImage(t, tarball)

	cfg := img.config.Config
	if img.config.OS != "linux" || img.config.Architecture != runtime.GOARCH {
		t.Errorf("platform %s/%s", img.config.OS, img.config.Architecture)
	}
	if strings.Join(cfg.Entrypoint, " ") != "/usr/local/bin/classroom-conformance" || strings.Join(cfg.Cmd, " ") != "run --replay /cassettes" {
		t.Errorf("entrypoint %q, cmd %q", cfg.Entrypoint, cfg.Cmd)
	}
	if cfg.User != "65532:65532" || cfg.WorkingDir != "/home/nonroot" {
		t.Errorf("user %q, working directory %q: want the non-root user in its home", cfg.User, cfg.WorkingDir)
	}
	suite, err := version.SuiteDigest(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{labelSuite: suite, labelDiscovery: "20261028", "org.opencontainers.image.title": "classroom-conformance"} {
		if cfg.Labels[k] != want {
			t.Errorf("label %s = %q, want %q", k, cfg.Labels[k], want)
		}
	}
	for k, v := range res.Labels {
		if cfg.Labels[k] != v {
			t.Errorf("label %s = %q, the build said %q", k, cfg.Labels[k], v)
		}
	}

	st, err := os.Stat(tarball)
	if err != nil {
		t.Fatal(err)
	}
	rootfs := filepath.Join(dir, "rootfs")
	unpacked, headers := img.unpack(t, rootfs)
	t.Logf("image: %.1f MB as a tarball, %.1f MB unpacked", float64(st.Size())/1e6, float64(unpacked)/1e6)
	if st.Size() > maxImageSize || unpacked > maxImageSize {
		t.Errorf("image is %d bytes (%d unpacked): over %d", st.Size(), unpacked, maxImageSize)
	}

	for p, want := range map[string]struct {
		mode     int64
		uid, gid int
	}{
		"/usr/local/bin/classroom-conformance": {0o755, 0, 0},
		"/home/nonroot":                        {0o755, 65532, 65532},
		"/tmp":                                 {0o1777, 0, 0},
		"/etc/ssl/certs/ca-certificates.crt":   {0o644, 0, 0},
		"/etc/passwd":                          {0o644, 0, 0},
	} {
		h := headers[p]
		if h == nil {
			t.Errorf("%s is not in the image", p)
			continue
		}
		if h.Mode != want.mode || h.Uid != want.uid || h.Gid != want.gid {
			t.Errorf("%s: mode %o owner %d:%d, want %o %d:%d", p, h.Mode, h.Uid, h.Gid, want.mode, want.uid, want.gid)
		}
	}
	passwd, _ := os.ReadFile(filepath.Join(rootfs, "etc", "passwd"))
	if !strings.Contains(string(passwd), "nonroot:x:65532:65532:") {
		t.Errorf("/etc/passwd has no user 65532:\n%s", passwd)
	}
	certs, _ := os.ReadFile(filepath.Join(rootfs, "etc", "ssl", "certs", "ca-certificates.crt"))
	if !x509.NewCertPool().AppendCertsFromPEM(certs) {
		t.Error("the image's CA certificates hold no certificate")
	}
	cassettes, _ := filepath.Glob(filepath.Join(rootfs, "cassettes", "*", "*.yaml"))
	shipped, _ := filepath.Glob(filepath.Join("..", "..", "cassettes", "*", "*.yaml"))
	if len(cassettes) == 0 || len(cassettes) != len(shipped) {
		t.Errorf("%d cassettes in the image, %d shipped", len(cassettes), len(shipped))
	}

	bin := filepath.Join(rootfs, "usr", "local", "bin", "classroom-conformance")
	ef, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader: it is not static")
		}
	}
	if libs, _ := ef.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary links %v", libs)
	}
	ef.Close()

	if runtime.GOOS != "linux" {
		t.Skip("the image's binary runs on linux only")
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	var info version.Info
	if err := json.Unmarshal(out, &info); err != nil {
		t.Fatal(err)
	}
	if info.Module != cfg.Labels[labelVersion] || info.Revision != cfg.Labels[labelRevision] || info.Suite != suite || info.Discovery != "20261028" {
		t.Errorf("the binary says %+v, the labels %v", info, cfg.Labels)
	}
	run := exec.Command(bin, "run", "--replay", filepath.Join(rootfs, "cassettes"), "--format", "progress")
	run.Dir = filepath.Join(rootfs, "home", "nonroot")
	out, err = run.CombinedOutput()
	if err != nil || !strings.Contains(string(out), " 0 failed") {
		t.Errorf("run --replay from the image (%v):\n%s", err, out)
	}
}

// TestImageIsReproducible: the same commit gives the same image, byte for byte.
func TestImageIsReproducible(t *testing.T) {
	dir := t.TempDir()
	a := buildImage(t, filepath.Join(dir, "a.tar"))
	b := buildImage(t, filepath.Join(dir, "b.tar"))
	if a.Digest != b.Digest {
		t.Errorf("two builds of one checkout: %s and %s", a.Digest, b.Digest)
	}
}
