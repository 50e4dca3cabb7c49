package cassette

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	vcr "gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// ErrNoMatch reports a request the cassette has no answer for.
var ErrNoMatch = errors.New("no recorded interaction matches")

// A MissError is the answer to a request the cassette cannot answer. It names the closest
// recorded request and how the two differ, so that whoever reads it knows whether the recording
// is stale or the client changed.
type MissError struct {
	// Request is the request that missed, as it would be recorded (redacted).
	Method, URL, Actor string
	// Recorded is the number of answers recorded for exactly this request, all of them already
	// replayed; 0 when the request was never recorded.
	Recorded int
	// Closest is the recorded request most like this one (nil for an empty cassette or when
	// Recorded > 0), and Differences says how they differ ("body.title: got ..., recorded ...").
	Closest     *vcr.Interaction
	Differences []string
}

// Unwrap makes errors.Is(err, ErrNoMatch) hold.
func (e *MissError) Unwrap() error { return ErrNoMatch }

func (e *MissError) Error() string {
	var b strings.Builder
	b.WriteString("replay: ")
	b.WriteString(describe(e.Method, e.URL, e.Actor))
	switch {
	case e.Recorded > 0:
		fmt.Fprintf(&b, ": this request was recorded %d time(s) and every recorded answer was already replayed", e.Recorded)
	case e.Closest == nil:
		b.WriteString(": no recorded interaction matches, and the cassette is empty")
	default:
		q := &e.Closest.Request
		fmt.Fprintf(&b, ": no recorded interaction matches; the closest is #%d %s, which differs in %s",
			e.Closest.ID, describe(q.Method, q.URL, q.Headers.Get(ActorHeader)), strings.Join(e.Differences, "; "))
	}
	return b.String()
}

func describe(method, rawURL, actor string) string {
	s := method + " " + pathAndQuery(rawURL)
	if actor != "" {
		s += fmt.Sprintf(" (actor %q)", actor)
	}
	return s
}

// pathAndQuery drops the scheme and host, which matching ignores.
func pathAndQuery(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return rawURL
	}
	u.Scheme, u.Host, u.User = "", "", nil
	return u.String()
}

// maxCandidates bounds the work of explaining a miss on a cassette with many interactions on
// one path.
const maxCandidates = 2000

// miss builds the error for a request with canonical form k that found no answer.
func (c *Cassette) miss(r *vcr.Request, k *canonical, recorded int) error {
	e := &MissError{Method: k.method, URL: c.red.URL(r.URL), Actor: r.Headers.Get(ActorHeader), Recorded: recorded}
	if recorded > 0 {
		return e
	}
	c.mu.RLock()
	cands := c.byPath[k.path]
	if len(cands) == 0 {
		cands = c.byPath[closestPath(c.byPath, k.path)]
	}
	if len(cands) > maxCandidates {
		cands = cands[:maxCandidates]
	}
	list := make([]*vcr.Interaction, 0, len(cands))
	for _, idx := range cands {
		if i, err := c.at(idx); err == nil {
			list = append(list, i)
		}
	}
	c.mu.RUnlock()

	best := -1
	for _, i := range list {
		ck := c.canonicalize(&i.Request, true)
		d := differences(k, &ck, c.opts.MatchActor)
		if best < 0 || len(d) < best {
			best, e.Closest, e.Differences = len(d), i, d
		}
	}
	return e
}

// closestPath returns the recorded path sharing the most segments with path (position by
// position), the shortest and then the first in order on a tie, so the report is deterministic.
func closestPath(paths map[string][]int, path string) string {
	want := strings.Split(path, "/")
	best, bestScore := "", -1
	for p := range paths {
		segs := strings.Split(p, "/")
		score := 0
		for i := 0; i < len(segs) && i < len(want); i++ {
			if segs[i] == want[i] {
				score += 2
			}
		}
		if len(segs) == len(want) {
			score++
		}
		if score > bestScore || score == bestScore && (len(p) < len(best) || len(p) == len(best) && p < best) {
			best, bestScore = p, score
		}
	}
	return best
}

// differences lists how request a differs from recorded request b.
func differences(a, b *canonical, matchActor bool) []string {
	var out []string
	if a.method != b.method {
		out = append(out, fmt.Sprintf("method: got %s, recorded %s", a.method, b.method))
	}
	if a.path != b.path {
		out = append(out, fmt.Sprintf("path: got %s, recorded %s", a.path, b.path))
	}
	if a.rawQ != b.rawQ {
		out = append(out, queryDifferences(a.query, b.query)...)
	}
	if a.body != b.body {
		out = append(out, bodyDifferences(a.body, b.body)...)
	}
	if matchActor && a.actor != b.actor {
		out = append(out, fmt.Sprintf("actor: got %q, recorded %q", a.actor, b.actor))
	}
	return out
}

func queryDifferences(a, b url.Values) []string {
	names := map[string]bool{}
	for k := range a {
		names[k] = true
	}
	for k := range b {
		names[k] = true
	}
	sorted := make([]string, 0, len(names))
	for k := range names {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []string
	for _, k := range sorted {
		av, aok := a[k]
		bv, bok := b[k]
		switch {
		case !bok:
			out = append(out, fmt.Sprintf("query %s: got %s, not recorded", k, quoteAll(av)))
		case !aok:
			out = append(out, fmt.Sprintf("query %s: missing, recorded %s", k, quoteAll(bv)))
		case strings.Join(av, "\x00") != strings.Join(bv, "\x00"):
			out = append(out, fmt.Sprintf("query %s: got %s, recorded %s", k, quoteAll(av), quoteAll(bv)))
		}
	}
	return out
}

func quoteAll(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(short(v))
	}
	return strings.Join(q, ",")
}

func short(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}

// maxBodyDifferences bounds the fields listed for a JSON body that differs.
const maxBodyDifferences = 3

func bodyDifferences(a, b string) []string {
	var av, bv any
	if json.Unmarshal([]byte(a), &av) != nil || json.Unmarshal([]byte(b), &bv) != nil {
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		return []string{fmt.Sprintf("body: got %d bytes, recorded %d bytes, first difference at byte %d", len(a), len(b), i)}
	}
	var out []string
	jsonDiff("body", av, bv, &out)
	if len(out) > maxBodyDifferences {
		out = append(out[:maxBodyDifferences], fmt.Sprintf("and %d more body differences", len(out)-maxBodyDifferences))
	}
	return out
}

func jsonDiff(path string, a, b any, out *[]string) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := map[string]bool{}
		for k := range av {
			keys[k] = true
		}
		for k := range bv {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			x, xok := av[k]
			y, yok := bv[k]
			p := path + "." + k
			switch {
			case !yok:
				*out = append(*out, fmt.Sprintf("%s: got %s, not recorded", p, jsonShort(x)))
			case !xok:
				*out = append(*out, fmt.Sprintf("%s: missing, recorded %s", p, jsonShort(y)))
			default:
				jsonDiff(p, x, y, out)
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			break
		}
		for i := range av {
			jsonDiff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], out)
		}
		return
	}
	if x, y := jsonShort(a), jsonShort(b); x != y {
		*out = append(*out, fmt.Sprintf("%s: got %s, recorded %s", path, x, y))
	}
}

func jsonShort(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return short(string(data))
}
