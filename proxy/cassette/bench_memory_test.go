package cassette

import (
	"context"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkLoad100k loads a 100,000-interaction cassette (about 200 MB of YAML) and reports how
// long it took and what the loaded cassette holds in memory, as multiples of the file's size:
// "live-x-file" is the heap still in use once loading is over and garbage collected,
// "heap-x-file" the heap the process holds from the system right after loading, "rss-x-file" what loading added to the process's resident memory. Bars: loading under
// 2 s, memory under 2x the file.
func BenchmarkLoad100k(b *testing.B) {
	path := sampleFile(b, 100000)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	file := float64(st.Size())
	for i := 0; i < b.N; i++ {
		runtime.GC()
		debug.FreeOSMemory()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		rssBefore := rss()
		start := time.Now()
		c, err := Load(context.Background(), path, Options{MatchActor: true})
		took := time.Since(start)
		if err != nil || c.Len() != 100000 {
			b.Fatal(err)
		}
		var peak runtime.MemStats
		runtime.ReadMemStats(&peak)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(took.Seconds(), "s-load")
		b.ReportMetric(file/1e6, "MB-file")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/file, "live-x-file")
		b.ReportMetric(float64(peak.HeapSys-peak.HeapReleased)/file, "heap-x-file")
		b.ReportMetric((rss()-rssBefore)/file, "rss-x-file")
		runtime.KeepAlive(c)
	}
}

// rss is the resident set size of the process, in bytes (0 where /proc is not there).
func rss() float64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseFloat(f[1], 64)
	return pages * float64(os.Getpagesize())
}
