package verify

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/classroom-conformance/classroom-conformance/features"
	"github.com/classroom-conformance/classroom-conformance/proxy"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/suite"
)

// replayShipped is `run --replay cassettes`: the whole suite from the shipped cassettes.
func replayShipped(ctx context.Context, tb testing.TB) {
	opts := suite.Options{FS: features.FS, Formats: []suite.Format{{Name: "progress"}}, Stdout: io.Discard}
	if err := (suite.Cassettes{Dir: shipped, Mode: proxy.Replay}).Attach(&opts); err != nil {
		tb.Fatal(err)
	}
	res, err := suite.Run(ctx, opts)
	if err != nil || res.ExitCode() != 0 {
		tb.Fatalf("run --replay: %v (exit %d)", err, res.ExitCode())
	}
}

// verifyShippedEmbedded is `verify cassettes`: a reference with another seed, started for the
// verification, and every shipped cassette verified against it.
func verifyShippedEmbedded(ctx context.Context, tb testing.TB) {
	ref, err := StartReference(reference.Options{Seed: anotherSeed})
	if err != nil {
		tb.Fatal(err)
	}
	defer ref.Close()
	res, err := Run(ctx, Options{Target: ref.Target, Features: features.FS, Concurrency: 4}, shipped)
	if err != nil || res.ExitCode() != 0 {
		tb.Fatalf("verify: %v", err)
	}
}

func BenchmarkShipped(b *testing.B) {
	b.Run("run --replay cassettes", func(b *testing.B) {
		for b.Loop() {
			replayShipped(b.Context(), b)
		}
	})
	b.Run("verify cassettes", func(b *testing.B) {
		for b.Loop() {
			verifyShippedEmbedded(b.Context(), b)
		}
	})
}

// Verifying every shipped cassette against the embedded reference takes at most twice as long
// as replaying them with the suite. Each is timed three times, alternately, in this process; the
// fastest of each is compared, which keeps the noise of a shared machine out of the ratio.
func TestVerifyTakesAtMostTwiceTheReplay(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing: not in -short, nor under the race detector")
	}
	best := func(d *time.Duration, f func(context.Context, testing.TB)) {
		start := time.Now()
		f(t.Context(), t)
		if took := time.Since(start); *d == 0 || took < *d {
			*d = took
		}
	}
	var replay, verify time.Duration
	for range 3 {
		best(&replay, replayShipped)
		best(&verify, verifyShippedEmbedded)
	}
	ratio := float64(verify) / float64(replay)
	t.Logf("run --replay cassettes %v, verify cassettes %v: %.2fx", replay.Round(time.Millisecond), verify.Round(time.Millisecond), ratio)
	if ratio > 2 {
		t.Errorf("verify takes %.2fx the replay, more than 2x", ratio)
	}
}
