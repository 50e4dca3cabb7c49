package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Layers and the tarball are written with fixed times, owners and order, so that the same
// inputs give the same bytes.

// A tarEntry is one file or directory of a layer.
type tarEntry struct {
	name     string // without the leading "/"
	mode     int64
	dir      bool
	uid, gid int
	data     []byte
	file     string // read from here when data is nil and it is a file
}

// layerOf writes the entries, parents first, as a gzip-compressed OCI layer.
func layerOf(opts Options, entries []tarEntry) (v1.Layer, error) {
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, Uid: e.uid, Gid: e.gid, ModTime: opts.Epoch, Format: tar.FormatPAX}
		data := e.data
		if e.dir {
			h.Typeflag, h.Name = tar.TypeDir, e.name+"/"
		} else {
			if data == nil && e.file != "" {
				var err error
				if data, err = os.ReadFile(e.file); err != nil {
					return nil, err
				}
			}
			h.Typeflag, h.Size = tar.TypeReg, int64(len(data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil },
		tarball.WithMediaType(types.OCILayer))
}

// parents returns directory entries for every parent of the path p ("/a/b/c" gives a, a/b).
func parents(p string) []tarEntry {
	var out []tarEntry
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i := 1; i < len(parts); i++ {
		out = append(out, tarEntry{name: strings.Join(parts[:i], "/"), mode: 0o755, dir: true})
	}
	return out
}

func baseLayer(opts Options, certs []byte) (v1.Layer, error) {
	rootfs := filepath.Join(opts.Root, "tools", "image", "rootfs")
	var entries []tarEntry
	entries = append(entries, parents(caCertsPath)...)
	entries = append(entries,
		tarEntry{name: "etc/passwd", mode: 0o644, file: filepath.Join(rootfs, "etc", "passwd")},
		tarEntry{name: "etc/group", mode: 0o644, file: filepath.Join(rootfs, "etc", "group")},
		tarEntry{name: strings.TrimPrefix(caCertsPath, "/"), mode: 0o644, data: certs},
		tarEntry{name: "home", mode: 0o755, dir: true},
		tarEntry{name: strings.TrimPrefix(homePath, "/"), mode: 0o755, dir: true, uid: uid, gid: gid},
		tarEntry{name: "tmp", mode: 0o1777, dir: true},
	)
	return layerOf(opts, dedupe(entries))
}

// dirLayer ships the tree at src as dst, read-only.
func dirLayer(opts Options, src, dst string) (v1.Layer, error) {
	entries := parents(dst + "/x")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(dst, "/")
		if rel != "." {
			name += "/" + filepath.ToSlash(rel)
		}
		switch {
		case d.IsDir():
			entries = append(entries, tarEntry{name: name, mode: 0o755, dir: true})
		case d.Type().IsRegular():
			entries = append(entries, tarEntry{name: name, mode: 0o644, file: p})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cassettes: %w", err)
	}
	return layerOf(opts, dedupe(entries))
}

func fileLayer(opts Options, src, dst string, mode int64) (v1.Layer, error) {
	entries := append(parents(dst), tarEntry{name: strings.TrimPrefix(dst, "/"), mode: mode, file: src})
	return layerOf(opts, entries)
}

func dedupe(entries []tarEntry) []tarEntry {
	seen := map[string]bool{}
	var out []tarEntry
	for _, e := range entries {
		if !seen[e.name] {
			seen[e.name] = true
			out = append(out, e)
		}
	}
	return out
}

func blobPath(h v1.Hash) string { return "blobs/" + h.Algorithm + "/" + h.Hex }

// tarDir writes the files under dir to w in name order, with fixed times and owners.
func tarDir(w io.Writer, dir string, epoch time.Time) error {
	tw := tar.NewWriter(w)
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h := &tar.Header{Name: filepath.ToSlash(rel), ModTime: epoch, Mode: 0o644, Format: tar.FormatPAX}
		if st.IsDir() {
			h.Typeflag, h.Name, h.Mode = tar.TypeDir, h.Name+"/", 0o755
			if err := tw.WriteHeader(h); err != nil {
				return err
			}
			continue
		}
		h.Typeflag, h.Size = tar.TypeReg, st.Size()
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(tw, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return tw.Close()
}
