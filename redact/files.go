package redact

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// CassetteFiles returns the cassette files at paths: each file named, and every .yaml and .yml
// file under each folder named (the extension in any case: LEAK.YAML is a cassette too), in path
// order. It is what `cassettes lint` and `cassettes validate` read, so the two commands always
// look at the same files.
func CassetteFiles(paths ...string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && isCassetteName(path) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	sort.Strings(files)
	return files, nil
}
