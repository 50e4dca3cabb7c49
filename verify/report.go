package verify

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/classroom-conformance/classroom-conformance/suite"
)

// A Format is a report and where it goes: Name is pretty, junit or json; File is empty for
// standard output. It is the run command's format, spelt and parsed the same way.
type Format = suite.Format

// FormatNames are the report formats.
func FormatNames() []string { return []string{"pretty", "junit", "json"} }

// ParseFormat parses "name" or "name:file".
func ParseFormat(s string) (Format, error) { return suite.ParseFormatOf(s, FormatNames()) }

// Write writes the report in format f: to w when f has no file, else atomically to the file.
func Write(w io.Writer, f Format, r *Result) error {
	write := func(w io.Writer) error {
		switch f.Name {
		case "pretty":
			return WritePretty(w, r)
		case "junit":
			return WriteJUnit(w, r)
		case "json":
			return WriteJSON(w, r)
		}
		return fmt.Errorf("unknown format %q", f.Name)
	}
	if f.File == "" {
		return write(w)
	}
	return writeFile(f.File, write)
}

// writeFile writes a report through a temporary file renamed into place, so a reader never
// sees half a report.
func writeFile(path string, write func(io.Writer) error) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriter(tmp)
	if err := write(bw); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

// maxShown bounds the differing interactions shown per cassette, and the differences per
// interaction: the first ones explain the rest, which usually follow from them.
const maxShown = 3

// WritePretty writes a report for a terminal: each cassette with its verdict, the first
// differences of each differing cassette (index, method, JSON path, both values), the agreement
// per method and the totals.
func WritePretty(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	for i := range r.Cassettes {
		c := &r.Cassettes[i]
		switch c.Status {
		case Skipped:
			fmt.Fprintf(bw, "skip %s: %s\n", c.Path, c.Reason)
			continue
		case Passed:
			fmt.Fprintf(bw, "ok   %s (%d interactions", c.Path, len(c.Interactions))
			if n := c.Warnings(); n > 0 {
				fmt.Fprintf(bw, ", %d warnings", n)
			}
			fmt.Fprintln(bw, ")")
			writeWarnings(bw, c)
			continue
		}
		differing := c.Differing()
		fmt.Fprintf(bw, "FAIL %s: %d of %d interactions differ\n", c.Path, len(differing), len(c.Interactions))
		for n, in := range differing {
			if n == maxShown {
				fmt.Fprintf(bw, "     ... and %d more differing interactions\n", len(differing)-maxShown)
				break
			}
			fmt.Fprintf(bw, "  #%d %s  %s (as %s)\n", in.Index, in.Name(), in.Request, in.Actor)
			for k, d := range in.Differences {
				if k == maxShown {
					fmt.Fprintf(bw, "       ... and %d more differences\n", len(in.Differences)-maxShown)
					break
				}
				fmt.Fprintf(bw, "       %s\n", d)
			}
		}
		for _, a := range c.Ambiguities {
			id, choice, _ := strings.Cut(a, "=")
			fmt.Fprintf(bw, "     recorded for the documented ambiguity %s=%s: if the target deliberately answers otherwise, select its choice under expect: in the profile\n", id, choice)
		}
		for _, id := range c.AmbiguitiesDiffering() {
			fmt.Fprintf(bw, "     the target makes another choice of the documented ambiguity %s than the recording: if it does so deliberately, select its choice under expect: in the profile\n", id)
		}
		if c.Updated {
			fmt.Fprintf(bw, "     updated from the target's traffic\n")
		}
		writeWarnings(bw, c)
	}
	if methods := r.Methods(); len(methods) > 0 {
		fmt.Fprintln(bw, "\nagreement per method:")
		width := 0
		for _, m := range methods {
			width = max(width, len(m.Method))
		}
		for _, m := range methods {
			mark := " "
			if m.Agreed < m.Total {
				mark = "!"
			}
			fmt.Fprintf(bw, " %s %-*s %4d of %4d\n", mark, width, m.Method, m.Agreed, m.Total)
		}
	}
	agreed, total := r.Interactions()
	fmt.Fprintf(bw, "\n%d cassettes against %s: %d passed, %d failed, %d skipped; %d of %d interactions agreed (%.1fs)\n",
		len(r.Cassettes), r.Target, r.Passed, r.Failed, r.Skipped, agreed, total, r.Duration.Seconds())
	return bw.Flush()
}

func writeWarnings(w io.Writer, c *CassetteResult) {
	shown := 0
	for _, in := range c.Interactions {
		for _, d := range in.Warnings {
			if shown == maxShown {
				fmt.Fprintf(w, "     ... and %d more warnings\n", c.Warnings()-maxShown)
				return
			}
			fmt.Fprintf(w, "     warning #%d %s: %s %s (only the target returns it; --strict fails it)\n", in.Index, in.Name(), d.Path, d.Target)
			shown++
		}
	}
}
