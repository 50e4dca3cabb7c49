package steps

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestActors(t *testing.T) {
	tests := []struct {
		name  string
		steps []string
		want  []string
	}{
		{"fixtures name actors too", []string{"a course owned by the teacher", "the student is enrolled in the course"}, []string{"teacher", "student"}},
		{"longer names win", []string{`the student via project B sends "GET" to "/v1/courses"`, `the student without coursework scope sends "POST" to "/x"`}, []string{"student via project B", "student without coursework scope"}},
		{"each actor once, in order", []string{`the outsider sends "GET" to "/a"`, "the other student is enrolled in the course", `the outsider sends "GET" to "/b"`}, []string{"outsider", "other student"}},
		{"the anonymous caller needs no token", []string{`an anonymous caller sends "GET" to "/v1/courses"`}, nil},
		{"an actor inside quotes is text", []string{`the response field "note" is "the teacher"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Actors(tt.steps))
		})
	}
}
