package discovery_test

import (
	"fmt"
	"github.com/classroom-conformance/classroom-conformance/discovery"
	"strings"
	"testing"
)

var courseWork1KB = []byte(fmt.Sprintf(`{"courseId":"123456","id":"654321","title":"Homework","description":%q,"state":"PUBLISHED","alternateLink":"https://classroom.google.com/c/MTIz/a/NjU0/details","creationTime":"2024-01-02T03:04:05.678Z","updateTime":"2024-01-02T03:04:05.678Z","maxPoints":100,"workType":"ASSIGNMENT","submissionModificationMode":"MODIFIABLE_UNTIL_TURNED_IN","assigneeMode":"ALL_STUDENTS","creatorUserId":"105"}`,
	strings.Repeat("Read the chapter and answer the questions. ", 14)))

// BenchmarkCheckExchange is the cost of checking one GET of a 1 KB courseWork, the unit of
// --validate's overhead.
func BenchmarkCheckExchange(b *testing.B) {
	d := doc(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		fs, ok := d.CheckExchange(discovery.Exchange{HTTPMethod: "GET", Path: "/v1/courses/123456/courseWork/654321",
			Status: 200, ContentType: "application/json; charset=UTF-8", ResponseBody: courseWork1KB})
		if len(fs) > 0 || !ok {
			b.Fatal(fs)
		}
	}
}
