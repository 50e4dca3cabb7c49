package discovery_test

import (
	"testing"

	"github.com/classroom-conformance/classroom-conformance/discovery"
	"github.com/classroom-conformance/classroom-conformance/internal/loadtest"
)

// BenchmarkCheckExchange is the cost of checking one GET of a 1 KB courseWork, the unit of
// --validate's overhead.
func BenchmarkCheckExchange(b *testing.B) {
	d := doc(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		fs, ok := d.CheckExchange(discovery.Exchange{HTTPMethod: "GET", Path: "/v1/courses/123456/courseWork/654321",
			Status: 200, ContentType: "application/json; charset=UTF-8", ResponseBody: loadtest.Answer1KB})
		if len(fs) > 0 || !ok {
			b.Fatal(fs)
		}
	}
}
