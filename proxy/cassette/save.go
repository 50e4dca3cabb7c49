package cassette

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette/internal/vcryaml"
)

// Save writes the cassette to its path atomically: the document goes to a temporary file in the
// same directory, which is flushed to disk and then renamed over the cassette, and the directory
// is flushed so the rename survives a power cut. Whenever the process dies, the file holds either
// the previous cassette or the new one, never a mix or a truncated file.
//
// Save does nothing when no interaction was added since the last save and the file exists, so a
// recording session that sees no traffic leaves an existing cassette alone. It is safe to call
// concurrently with Add and Replay; interactions added while it runs are saved by the next call.
// A cancelled ctx stops it before the rename, leaving the file as it was.
func (c *Cassette) Save(ctx context.Context) error {
	c.saveMu.Lock()
	defer c.saveMu.Unlock()
	c.mu.RLock()
	snapshot := c.interactions[:len(c.interactions):len(c.interactions)]
	have := len(c.encoded)
	dirty := len(snapshot) != c.savedLen || c.rewrite
	c.mu.RUnlock()
	if !dirty {
		if _, err := os.Stat(c.path); err == nil {
			return nil
		}
	}
	// Interactions never change once added, so each is encoded once, by the first save that
	// sees it (or by Add, with RecordOnly); a save then costs little more than writing the bytes.
	var fresh [][]byte
	for n := have; n < len(snapshot); n++ {
		chunk, err := c.encode(n, snapshot[n])
		if err != nil {
			return fmt.Errorf("save cassette %s: %w", c.path, err)
		}
		fresh = append(fresh, chunk)
	}
	c.mu.Lock()
	c.encoded = append(c.encoded, fresh...) // only Save appends but with RecordOnly, which has them all
	chunks := c.encoded[:len(snapshot):len(snapshot)]
	c.mu.Unlock()
	write := func(w *bufio.Writer) {
		vcryaml.DocumentHeader(w, len(chunks))
		for _, chunk := range chunks {
			w.Write(chunk)
		}
	}
	if err := writeAtomic(ctx, c.path, write); err != nil {
		return fmt.Errorf("save cassette %s: %w", c.path, err)
	}
	c.mu.Lock()
	c.savedLen = len(snapshot)
	c.rewrite = false
	c.mu.Unlock()
	return nil
}

// encode returns the YAML of interaction n, which is i, or nil when it is kept in the loaded
// file: then its bytes there are written again as they are when they sit where this package
// writes interactions, so extending a large cassette does not re-encode it.
func (c *Cassette) encode(n int, i *vcr.Interaction) ([]byte, error) {
	if i == nil {
		c.mu.RLock()
		sp := c.spans[n]
		c.mu.RUnlock()
		if sp.Indent == vcryaml.EntryIndent {
			return c.src[sp.Start:sp.End], nil
		}
		var err error
		c.mu.RLock()
		i, err = c.at(n)
		c.mu.RUnlock()
		if err != nil {
			return nil, err
		}
	}
	return encodeInteraction(i), nil
}

// encodeInteraction returns the YAML of one interaction, as an entry of a document.
func encodeInteraction(i *vcr.Interaction) []byte {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	vcryaml.EncodeInteraction(w, i)
	w.Flush()
	return buf.Bytes()
}

// Dirty reports whether the cassette holds interactions its file does not.
func (c *Cassette) Dirty() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.interactions) != c.savedLen || c.rewrite
}

// writeAtomic replaces the file at path with what write writes, through a temporary file.
func writeAtomic(ctx context.Context, path string, write func(*bufio.Writer)) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriterSize(tmp, 256*1024)
	write(w)
	if err := w.Flush(); err != nil {
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		// Flushing the directory makes the rename durable; some file systems cannot, which
		// costs durability on power loss but not atomicity.
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// AutoSave saves the cassette every interval while ctx is live, whenever it is dirty, and
// reports failed saves to onError (which may be nil). A save of a large cassette rewrites the
// whole file, so the pause after a save is at least ten times what the save took: saving never
// takes more than about a tenth of the time, however large the cassette grows. AutoSave returns
// when ctx is done, without a last save: the caller saves once traffic has stopped.
func (c *Cassette) AutoSave(ctx context.Context, interval time.Duration, onError func(error)) {
	if interval <= 0 {
		interval = time.Second
	}
	wait := interval
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		wait = interval
		if c.Dirty() {
			start := time.Now()
			err := c.Save(ctx)
			if took := time.Since(start); 10*took > wait {
				wait = 10 * took
			}
			if err != nil && !errors.Is(err, context.Canceled) && onError != nil {
				onError(err)
			}
		}
		t.Reset(wait)
	}
}
