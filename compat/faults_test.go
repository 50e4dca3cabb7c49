package compat

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	classroom "google.golang.org/api/classroom/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/classroom-conformance/classroom-conformance/classroomtest"
)

// TestEveryFaultAgainstTheOfficialClient shows what error google.golang.org/api/classroom/v1
// returns for each kind of fault, so that an app knows what its error handling will see.
func TestEveryFaultAgainstTheOfficialClient(t *testing.T) {
	emu := classroomtest.NewEmulator(t, classroomtest.Options{})
	setup, err := classroom.NewService(context.Background(), option.WithEndpoint(emu.URL), option.WithHTTPClient(emu.Client("teacher")))
	require.NoError(t, err)
	course, err := setup.Courses.Create(&classroom.Course{Name: "Maths", OwnerId: "me"}).Do()
	require.NoError(t, err)

	tests := []struct {
		name    string
		plan    string
		timeout time.Duration
		check   func(t *testing.T, got *classroom.Course, err error)
	}{
		{"429 is a googleapi.Error with Retry-After", "status: 429", 0, func(t *testing.T, _ *classroom.Course, err error) {
			wantAPIError(t, err, 429, "RESOURCE_EXHAUSTED", "")
			var gerr *googleapi.Error
			require.True(t, errors.As(err, &gerr))
			assert.Equal(t, "1", gerr.Header.Get("Retry-After"))
		}},
		{"500 INTERNAL", "status: 500", 0, func(t *testing.T, _ *classroom.Course, err error) {
			wantAPIError(t, err, 500, "INTERNAL", "")
		}},
		{"503 UNAVAILABLE", "status: 503", 0, func(t *testing.T, _ *classroom.Course, err error) {
			wantAPIError(t, err, 503, "UNAVAILABLE", "")
		}},
		{"403 with a documented error type", "{status: 403, code: \"@ProjectPermissionDenied\"}", 0, func(t *testing.T, _ *classroom.Course, err error) {
			wantAPIError(t, err, 403, "PERMISSION_DENIED", "@ProjectPermissionDenied ")
		}},
		{"a delay within the deadline is only slow", "delay: 100ms", time.Second, func(t *testing.T, got *classroom.Course, err error) {
			require.NoError(t, err)
			assert.Equal(t, course.Id, got.Id)
		}},
		{"a delay past the deadline is the context's error", "delay: 2s", 100 * time.Millisecond, func(t *testing.T, _ *classroom.Course, err error) {
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		}},
		{"a reset is a *url.Error wrapping io.EOF", "reset: true", 0, func(t *testing.T, _ *classroom.Course, err error) {
			var uerr *url.Error
			require.True(t, errors.As(err, &uerr), "%T %v", err, err)
			assert.ErrorIs(t, err, io.EOF)
		}},
		{"a cut body is io.ErrUnexpectedEOF from decoding", "truncate: 40", 0, func(t *testing.T, _ *classroom.Course, err error) {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
			var gerr *googleapi.Error
			assert.False(t, errors.As(err, &gerr), "not an API error: the status was 200")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A fresh connection per call, so that a closed one does not leak into the next.
			base := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			client := emu.WithFaults(base, "faults:\n  classroom.courses.get:\n    - "+tt.plan+"\n")
			client.Transport = bearer{token: emu.Token("teacher"), base: client.Transport}
			svc, err := classroom.NewService(context.Background(), option.WithEndpoint(emu.URL), option.WithHTTPClient(client))
			require.NoError(t, err)
			ctx := context.Background()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			got, err := svc.Courses.Get(course.Id).Context(ctx).Do()
			tt.check(t, got, err)
		})
	}
	t.Run("after 2 lets two calls through", func(t *testing.T) {
		client := emu.WithFaults(emu.Client("teacher"), "faults:\n  classroom.courses.get:\n    - after: 2\n    - status: 503\n")
		svc, err := classroom.NewService(context.Background(), option.WithEndpoint(emu.URL), option.WithHTTPClient(client))
		require.NoError(t, err)
		for i := 0; i < 2; i++ {
			_, err := svc.Courses.Get(course.Id).Do()
			require.NoError(t, err)
		}
		_, err = svc.Courses.Get(course.Id).Do()
		wantAPIError(t, err, 503, "UNAVAILABLE", "")
	})
}

type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r)
}
