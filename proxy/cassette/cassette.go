// Package cassette stores recorded HTTP interactions and finds the one that answers a request.
//
// It is the one implementation of matching shared by the proxy and by the suite's record/replay
// transport: the canonical key of a request (method, path, query without Google's system
// parameters, JSON body with its keys sorted, and optionally the caller's label), the ordered
// lookup (the Nth identical request gets the Nth recorded answer), redaction before anything is
// stored, and crash-safe saving in go-vcr's v3 cassette format.
//
// Lookups go through a map from key to the recorded answers, under a read lock held for a few
// instructions, so replaying from a cassette of 100,000 interactions costs what it costs from
// one of 10, and concurrent replays do not queue behind each other.
package cassette

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/classroom-conformance/classroom-conformance/proxy/cassette/internal/vcryaml"
	"github.com/classroom-conformance/classroom-conformance/redact"
)

// FormatVersion is the go-vcr cassette format version this package reads and writes.
const FormatVersion = vcr.CassetteFormatV2

// ErrUnsupportedFormat reports a cassette of another format version.
var ErrUnsupportedFormat = errors.New("unsupported cassette format version")

// Options say how requests are matched and what is redacted. The zero value matches on method,
// path, query and body, ignores who calls, and applies the built-in redactions.
type Options struct {
	// MatchActor adds the caller's label (kept under ActorHeader, where the recorder puts the
	// label its Options.Actor gives) to matching, so that the teacher's request and the
	// student's identical one get their own answers.
	MatchActor bool
	// IgnoreParams are query parameters left out of matching, beyond IgnoredParams.
	IgnoreParams []string
	// Redactor removes credentials from every interaction before it is stored, and from every
	// request before it is matched. Nil means redact.Default().
	Redactor *redact.Redactor
	// RepeatLast answers a request whose recorded answers have all been replayed with the last
	// of them again, instead of a miss (for clients that poll).
	RepeatLast bool
	// RecordOnly keeps, of each interaction added, only the text Save writes, not the
	// interaction nor its key: a cassette that is only recorded to then costs its file's size in
	// memory and next to nothing to the collector, however long the recording. Such a cassette
	// answers no Replay (every request misses).
	RecordOnly bool
}

// A Cassette is a list of interactions with an index for replay. It is safe for concurrent use.
// Interactions are immutable once added: Replay and Interactions return pointers into the
// cassette that callers must not modify.
type Cassette struct {
	path    string
	opts    Options
	red     *redact.Redactor
	ignored map[string]bool

	mu sync.RWMutex
	// interactions holds every interaction in recorded order. An interaction loaded from a
	// file and kept there is nil here and read again from src at spans[idx] when it is needed,
	// so a loaded cassette costs little more memory than its file.
	interactions []*vcr.Interaction
	src          []byte
	spans        []vcryaml.Span
	index        map[Key]*slot
	byPath       map[string][]int // canonical path -> interaction indexes, for miss reports

	saveMu   sync.Mutex // serialises Save
	encoded  [][]byte   // YAML of interactions[:len(encoded)] (guarded by mu)
	savedLen int        // interactions written by the last Save (guarded by mu)
	rewrite  bool       // the file differs from memory for another reason (guarded by mu)
}

// A slot holds the recorded answers of one key in recorded order, and how many requests have
// taken one.
type slot struct {
	ids  []int // indexes into interactions; appended under the write lock
	next atomic.Int64
}

// New returns an empty cassette that Save writes to path.
func New(path string, opts Options) *Cassette {
	c := &Cassette{
		path:   path,
		opts:   opts,
		red:    opts.Redactor,
		index:  map[Key]*slot{},
		byPath: map[string][]int{},
	}
	if c.red == nil {
		c.red = redact.Default()
	}
	c.ignored = map[string]bool{}
	for _, p := range ignoredParams {
		c.ignored[p] = true
	}
	for _, p := range opts.IgnoreParams {
		c.ignored[p] = true
	}
	return c
}

// Load reads the cassette at path. Interactions that hold credentials the Redactor removes are
// redacted in memory, and the next Save rewrites the file without them.
//
// Loading is strict: any error is a *LoadError naming the file (and the line, when there is
// one), and a document that is not a whole cassette of this format (a truncated one, an
// interaction without a status code, another version) is refused rather than replayed with
// made-up values. A missing file is an error that wraps fs.ErrNotExist.
func Load(ctx context.Context, path string, opts Options) (*Cassette, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: unwrapPathError(err)}
	}
	if err := ctx.Err(); err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	c, err := loadFast(ctx, path, data, opts)
	if errors.Is(err, vcryaml.ErrUnsupported) {
		c, err = loadYAML(ctx, path, data, opts)
	}
	if err != nil {
		return nil, err
	}
	if c.Len() == 0 && !bytes.Contains(data, []byte("interactions:")) {
		return nil, &LoadError{Path: path, Err: fmt.Errorf("no interactions key: %w", ErrIncomplete)}
	}
	c.savedLen = len(c.interactions)
	return c, nil
}

// loadFast reads a document in the fast reader's subset, keeping each interaction as a span of
// the file unless redaction changed it. Decoding and indexing run as a two-stage pipeline, one
// goroutine each, so a large cassette loads on two cores: the decoder hands interactions over in
// batches, in file order, and the indexer keeps that order.
func loadFast(ctx context.Context, path string, data []byte, opts Options) (*Cassette, error) {
	c := New(path, opts)
	c.src = data
	batches := make(chan []decoded, 4)
	var (
		indexErr error
		stop     atomic.Bool // the indexer failed: the decoder stops at the next interaction
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		for batch := range batches {
			if indexErr != nil {
				continue // drain, so the decoder never blocks
			}
			for _, d := range batch {
				if indexErr = c.index1(path, d); indexErr != nil {
					stop.Store(true)
					break
				}
			}
		}
	}()
	collected, n := 0, 0
	batch := make([]decoded, 0, loadBatch)
	version, err := vcryaml.DecodeEach(data, func(i *vcr.Interaction, sp vcryaml.Span) error {
		if stop.Load() {
			return errStopped
		}
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return &LoadError{Path: path, Err: err}
			}
		}
		if sp.End-collected > collectEvery {
			// The file's bytes count towards the heap the collector lets grow before it runs,
			// so without this the interactions decoded and dropped on the way pile up to as
			// much again as the file. Marking is cheap: the file's bytes hold no pointers.
			runtime.GC()
			collected = sp.End
		}
		batch = append(batch, decoded{i: i, sp: sp, n: n})
		n++
		if len(batch) == loadBatch {
			batches <- batch
			batch = make([]decoded, 0, loadBatch)
		}
		return nil
	})
	if len(batch) > 0 && err == nil {
		batches <- batch
	}
	close(batches)
	<-done
	switch {
	case indexErr != nil:
		return nil, indexErr
	case err != nil:
		var le *LoadError
		if errors.As(err, &le) {
			return nil, err
		}
		return nil, err // ErrUnsupported: the caller falls back to yaml.v3
	}
	if err := checkVersion(path, data, version); err != nil {
		return nil, err
	}
	if collected > 0 {
		debug.FreeOSMemory() // give back what loading a large cassette used on the way
	}
	return c, nil
}

// A decoded interaction waits between the two stages of loadFast.
type decoded struct {
	i  *vcr.Interaction
	sp vcryaml.Span
	n  int // its position in the file
}

// loadBatch is how many interactions the decoder hands the indexer at a time.
const loadBatch = 256

// errStopped ends the decoding of a cassette whose indexing already failed.
var errStopped = errors.New("loading stopped")

// index1 checks one decoded interaction, redacts it and indexes it. Unless redaction changed it,
// the interaction is dropped once indexed: it is read again from the file when needed.
func (c *Cassette) index1(path string, d decoded) error {
	if why := incomplete(d.i); why != "" {
		return &LoadError{Path: path, Line: d.sp.Line, Err: fmt.Errorf("interaction %d: %s: %w", d.n, why, ErrIncomplete)}
	}
	if c.redactInteraction(d.i) {
		c.rewrite = true
		c.insert(d.i, vcryaml.Span{})
		return nil
	}
	c.insert(d.i, d.sp)
	c.interactions[d.n] = nil
	return nil
}

// collectEvery is how many bytes of a cassette are read between two collections while it loads.
const collectEvery = 32 << 20

// loadYAML reads any other document with yaml.v3, keeping every interaction in memory.
func loadYAML(ctx context.Context, path string, data []byte, opts Options) (*Cassette, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	if err := check(path, data, doc); err != nil {
		return nil, err
	}
	c := New(path, opts)
	c.interactions = make([]*vcr.Interaction, 0, len(doc.Interactions))
	for n, i := range doc.Interactions {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, &LoadError{Path: path, Err: err}
			}
		}
		if c.redactInteraction(i) {
			c.rewrite = true
		}
		c.insert(i, vcryaml.Span{})
	}
	return c, nil
}

// unwrapPathError drops the *fs.PathError around err: a LoadError names the path already.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Path returns the file the cassette is saved to.
func (c *Cassette) Path() string { return c.path }

// Len returns the number of interactions.
func (c *Cassette) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.interactions)
}

// Interactions returns the interactions in recorded order. The slice is a copy; the
// interactions may not be, and must not be modified.
func (c *Cassette) Interactions() []*vcr.Interaction {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*vcr.Interaction, 0, len(c.interactions))
	for idx := range c.interactions {
		if i, err := c.at(idx); err == nil {
			out = append(out, i)
		}
	}
	return out
}

// answer returns interaction idx for a replay: when it is kept in the file, only its ID and
// Response are read again, which is all a replay needs.
func (c *Cassette) answer(idx int) (*vcr.Interaction, error) {
	if i := c.interactions[idx]; i != nil || idx >= len(c.spans) || c.spans[idx].End == 0 {
		return c.at(idx)
	}
	i, err := vcryaml.DecodeAnswer(c.src, c.spans[idx])
	if err != nil { // the same bytes were read at load: only a bug gets here
		return nil, fmt.Errorf("read interaction %d of %s again: %w", idx, c.path, err)
	}
	return i, nil
}

// at returns interaction idx, reading it again from the file when it is kept there.
func (c *Cassette) at(idx int) (*vcr.Interaction, error) {
	if i := c.interactions[idx]; i != nil {
		return i, nil
	}
	src, sp := c.src, vcryaml.Span{}
	if idx < len(c.spans) {
		sp = c.spans[idx]
	}
	if sp.End == 0 && idx < len(c.encoded) { // recorded with RecordOnly
		src, sp = c.encoded[idx], vcryaml.Span{End: len(c.encoded[idx]), Line: 1, Indent: vcryaml.EntryIndent}
	}
	i, err := vcryaml.DecodeEntry(src, sp)
	if err != nil { // the same bytes were read at load: only a bug gets here
		return nil, fmt.Errorf("read interaction %d of %s again: %w", idx, c.path, err)
	}
	return i, nil
}

// Add redacts i in place and appends it, giving it the next ID. The cassette owns i afterwards.
func (c *Cassette) Add(i *vcr.Interaction) {
	c.redactInteraction(i)
	if c.opts.RecordOnly {
		c.mu.Lock()
		defer c.mu.Unlock()
		i.ID = len(c.interactions)
		c.encoded = append(c.encoded, encodeInteraction(i))
		c.interactions = append(c.interactions, nil)
		if c.spans != nil {
			c.spans = append(c.spans, vcryaml.Span{})
		}
		return
	}
	k := c.canonicalize(&i.Request, true)
	key := k.key()
	c.mu.Lock()
	defer c.mu.Unlock()
	i.ID = len(c.interactions)
	c.interactions = append(c.interactions, i)
	if c.spans != nil {
		c.spans = append(c.spans, vcryaml.Span{})
	}
	c.indexLocked(key, k.path, i.ID)
}

// insert appends a loaded interaction, keeping its ID, and where it is in the file (a zero
// span when it is not kept there).
func (c *Cassette) insert(i *vcr.Interaction, sp vcryaml.Span) {
	k := c.canonicalize(&i.Request, true)
	c.interactions = append(c.interactions, i)
	if sp.End > 0 || c.spans != nil {
		for len(c.spans) < len(c.interactions)-1 {
			c.spans = append(c.spans, vcryaml.Span{})
		}
		c.spans = append(c.spans, sp)
	}
	c.indexLocked(k.key(), k.path, len(c.interactions)-1)
}

func (c *Cassette) indexLocked(key Key, path string, idx int) {
	s := c.index[key]
	if s == nil {
		s = &slot{}
		c.index[key] = s
	}
	s.ids = append(s.ids, idx)
	c.byPath[path] = append(c.byPath[path], idx)
}

// Replay returns the recorded answer to r: the Nth request with a given key gets the Nth
// interaction recorded with that key. r is the request as it would be recorded (Method, URL,
// Body, Headers; redaction is applied here). A request with no answer left gets a *MissError,
// which wraps ErrNoMatch and names the closest recorded request.
//
// A miss still counts as a request with that key, so that in replay-or-record mode the answer
// recorded for it (with Add) takes its place in the order.
func (c *Cassette) Replay(r *vcr.Request) (*vcr.Interaction, error) {
	k := c.canonicalize(r, false)
	key := k.key()
	var err error
	c.mu.RLock()
	s := c.index[key]
	if s != nil {
		idx, recorded := c.takeLocked(s)
		var i *vcr.Interaction
		var err error
		if idx >= 0 {
			i, err = c.answer(idx)
		}
		c.mu.RUnlock()
		if idx >= 0 {
			return i, err
		}
		return nil, c.miss(r, &k, recorded)
	}
	c.mu.RUnlock()

	c.mu.Lock()
	s = c.index[key]
	if s == nil {
		s = &slot{}
		c.index[key] = s
	}
	idx, recorded := c.takeLocked(s)
	var i *vcr.Interaction
	if idx >= 0 {
		i, err = c.answer(idx)
	}
	c.mu.Unlock()
	if idx >= 0 {
		return i, err
	}
	return nil, c.miss(r, &k, recorded)
}

// takeLocked takes the next answer of s, and returns its index (-1 when there is none left)
// and how many answers s has; the caller holds mu (read or write).
func (c *Cassette) takeLocked(s *slot) (int, int) {
	n := s.next.Add(1) - 1
	if n < int64(len(s.ids)) {
		return s.ids[n], len(s.ids)
	}
	if c.opts.RepeatLast && len(s.ids) > 0 {
		return s.ids[len(s.ids)-1], len(s.ids)
	}
	return -1, len(s.ids)
}

// An Unused interaction was recorded but never replayed.
type Unused struct {
	ID     int
	Method string
	URL    string // redacted
	Actor  string
}

func (u Unused) String() string {
	s := fmt.Sprintf("#%d %s %s", u.ID, u.Method, u.URL)
	if u.Actor != "" {
		s += fmt.Sprintf(" (actor %q)", u.Actor)
	}
	return s
}

// Unused returns, in recorded order, the interactions no request has replayed yet.
func (c *Cassette) Unused() []Unused {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []Unused
	for _, s := range c.index {
		used := int(s.next.Load())
		if used >= len(s.ids) {
			continue
		}
		for _, idx := range s.ids[max(used, 0):] {
			i, err := c.at(idx)
			if err != nil {
				continue
			}
			out = append(out, Unused{ID: i.ID, Method: i.Request.Method, URL: i.Request.URL, Actor: i.Request.Headers.Get(ActorHeader)})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out
}

// redactInteraction applies the Redactor to every part of i that reaches disk, and reports
// whether anything changed.
func (c *Cassette) redactInteraction(i *vcr.Interaction) bool {
	r := c.red
	changed := false
	q := &i.Request
	for _, h := range []http.Header{q.Headers, q.Trailer, i.Response.Headers, i.Response.Trailer} {
		if r.Header(h) {
			changed = true
		}
	}
	if redactForm(r, q.Form) {
		changed = true
	}
	for _, s := range []*string{&q.URL, &q.RequestURI} {
		if v := r.URL(*s); v != *s {
			*s, changed = v, true
		}
	}
	if v := r.Text(q.Host); v != q.Host {
		q.Host, changed = v, true
	}
	if v := r.Body(q.Body, q.Headers.Get("Content-Type")); v != q.Body {
		q.Body, changed = v, true
	}
	s := &i.Response
	if v := r.Body(s.Body, s.Headers.Get("Content-Type")); v != s.Body {
		s.Body, changed = v, true
	}
	return changed
}

// redactForm redacts parsed form values (go-vcr records the form of a request next to its body).
func redactForm(r *redact.Redactor, form url.Values) bool {
	if len(form) == 0 {
		return false
	}
	encoded := form.Encode()
	red := r.Body(encoded, "application/x-www-form-urlencoded")
	if red == encoded {
		return false
	}
	parsed, err := url.ParseQuery(red)
	if err != nil {
		return false
	}
	for k := range form {
		delete(form, k)
	}
	for k, v := range parsed {
		form[k] = v
	}
	return true
}
