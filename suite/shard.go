package suite

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// A Shard is part K of N of a selection (1 <= K <= N): N machines that run the same selection,
// each with its own K, run every scenario of it exactly once between them. The zero Shard is
// the whole selection.
//
// Parts are balanced by the number of steps (a step is about one request, which is what a
// scenario's time goes on) and depend only on the selected scenarios, never on the machine or
// the order it reads files in, so every machine computes the same split.
type Shard struct {
	K, N int
}

// ParseShard parses "K/N".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, errK := strconv.Atoi(strings.TrimSpace(k))
	ni, errN := strconv.Atoi(strings.TrimSpace(n))
	if !ok || errK != nil || errN != nil {
		return Shard{}, fmt.Errorf("--shard %s: want K/N, part K of N parts, as whole numbers (e.g. --shard 2/4)", s)
	}
	sh := Shard{K: ki, N: ni}
	if err := sh.validate(); err != nil {
		return Shard{}, err
	}
	return sh, nil
}

// ParseShardIndex parses "I/N" with I counted from 0, as Kubernetes counts the completion
// index of an Indexed Job: "0/4" is the shard "1/4".
func ParseShardIndex(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	ii, errI := strconv.Atoi(strings.TrimSpace(i))
	ni, errN := strconv.Atoi(strings.TrimSpace(n))
	if !ok || errI != nil || errN != nil {
		return Shard{}, fmt.Errorf("--shard-index %s: want I/N, part I of N parts counted from 0, as whole numbers (e.g. --shard-index 0/4)", s)
	}
	if ni < 1 || ii < 0 || ii >= ni {
		return Shard{}, fmt.Errorf("--shard-index %s: I must be from 0 to N-1 (e.g. --shard-index 0/%d ... --shard-index %d/%d)", s, max(ni, 1), max(ni, 1)-1, max(ni, 1))
	}
	return Shard{K: ii + 1, N: ni}, nil
}

func (s Shard) validate() error {
	if s.IsZero() {
		return nil
	}
	if s.N < 1 || s.K < 1 || s.K > s.N {
		return fmt.Errorf("--shard %d/%d: K must be from 1 to N (e.g. --shard 1/%d ... --shard %d/%d)", s.K, s.N, max(s.N, 1), max(s.N, 1), max(s.N, 1))
	}
	return nil
}

// IsZero reports whether the shard is the whole selection.
func (s Shard) IsZero() bool { return s.K == 0 && s.N == 0 }

// String returns "K/N".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// part returns the scenarios of shard K, in the order of sel. The split is the greedy longest-
// first one: scenarios by decreasing steps (ties by position) each go to the lightest part so
// far (ties to the lowest). An empty part is an error: a machine that checks nothing must not
// pass.
func (s Shard) part(sel []candidate) ([]candidate, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if s.N > len(sel) {
		return nil, fmt.Errorf("--shard %s: the selection has %d scenarios, too few for %d parts; use at most %d", s, len(sel), s.N, len(sel))
	}
	order := make([]int, len(sel))
	for i := range order {
		order[i] = i
	}
	weight := func(i int) int { return len(sel[i].steps) + 1 }
	sort.SliceStable(order, func(a, b int) bool { return weight(order[a]) > weight(order[b]) })
	load := make([]int, s.N)
	owner := make([]int, len(sel))
	for _, i := range order {
		lightest := 0
		for p := 1; p < s.N; p++ {
			if load[p] < load[lightest] {
				lightest = p
			}
		}
		owner[i] = lightest
		load[lightest] += weight(i)
	}
	var out []candidate
	for i, c := range sel {
		if owner[i] == s.K-1 {
			out = append(out, c)
		}
	}
	return out, nil
}
