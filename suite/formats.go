package suite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FormatNames are the report formats the runner offers: godog's pretty and progress for people,
// JUnit XML and cucumber JSON for CI systems, and json, the native results `report` reads.
func FormatNames() []string { return []string{"pretty", "progress", "junit", "cucumber", "json"} }

// A Format is one report: a format name and the file it is written to ("" means the run's
// standard output).
type Format struct {
	Name string
	File string
}

// String returns the format as the --format flag spells it.
func (f Format) String() string {
	if f.File == "" {
		return f.Name
	}
	return f.Name + ":" + f.File
}

// ParseFormat parses "name" or "name:FILE".
func ParseFormat(s string) (Format, error) {
	f, err := ParseFormatOf(s, FormatNames())
	switch {
	case err != nil:
		return f, err
	case strings.Contains(f.File, ","):
		// godog separates formats with commas.
		return f, fmt.Errorf("format %q: the file name must not contain a comma", s)
	}
	return f, nil
}

// ParseFormatOf parses a --format value, "name" or "name:FILE", where name is one of names: the
// one spelling of a report and its file for every command that writes reports.
func ParseFormatOf(s string, names []string) (Format, error) {
	name, file, hasFile := strings.Cut(s, ":")
	f := Format{Name: name, File: file}
	known := false
	for _, n := range names {
		known = known || n == name
	}
	switch {
	case !known:
		return f, fmt.Errorf("format %q: unknown format %q (formats: %s)", s, name, strings.Join(names, ", "))
	case hasFile && file == "":
		return f, fmt.Errorf("format %q: no file after the colon", s)
	}
	return f, nil
}

// checkFormats validates a set of formats: at most one writes to standard output and no two
// write the same file. It creates each file (and its directory), so that an unwritable path is
// reported before the run rather than after it.
func checkFormats(formats []Format) error {
	stdout := ""
	files := map[string]string{}
	for _, f := range formats {
		if _, err := ParseFormat(f.String()); err != nil {
			return err
		}
		if f.File == "" {
			if stdout != "" {
				return fmt.Errorf("formats %s and %s both write to standard output: give one of them a file (%s:FILE)", stdout, f.Name, f.Name)
			}
			stdout = f.Name
			continue
		}
		if prev, dup := files[f.File]; dup {
			return fmt.Errorf("formats %s and %s both write to %s", prev, f.Name, f.File)
		}
		files[f.File] = f.Name
		if err := os.MkdirAll(filepath.Dir(f.File), 0o755); err != nil {
			return fmt.Errorf("format %s: %w", f, err)
		}
		out, err := os.Create(f.File)
		if err != nil {
			return fmt.Errorf("format %s: %w", f, err)
		}
		out.Close()
	}
	return nil
}

// godogFormat is the format option godog reads: "name[:file],...", with the human formats
// replaced by their filtered variants (see humanfmt.go).
func godogFormat(formats []Format) string {
	parts := make([]string, len(formats))
	for i, f := range formats {
		if name, ok := humanFormats[f.Name]; ok {
			f.Name = name
		}
		parts[i] = f.String()
	}
	return strings.Join(parts, ",")
}
