package suite

import (
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/target"
)

// Behaviour returns the reference behaviour that makes the choices exp expects, so that a run
// against the embedded reference exercises the scenarios of every choice a profile can select.
func Behaviour(exp target.Expectations) reference.Behaviour {
	return reference.Behaviour{
		CourseWorkDefaultState:     exp.Choice("coursework.default-state"),
		ReclaimReturned:            exp.Choice("reclaim.returned") == "ALLOWED",
		ReturnNotTurnedIn:          exp.Choice("return.not-turned-in") == "ALLOWED",
		TurnInTwice:                exp.Choice("turnin.already-turned-in") == "ALLOWED",
		ModifyAssigneesProjectRule: exp.Choice("modifyassignees.project-rule") == "ENFORCED",
		HiddenWorkPermissionDenied: exp.Choice("coursework.hidden-from-student") == "PERMISSION_DENIED",
	}
}

// BuiltinTokens returns the bearer token of each built-in identity of the reference, by actor.
// A target given without a profile is assumed to accept them (a reference started by serve).
func BuiltinTokens() map[string]string {
	m := map[string]string{}
	for _, id := range reference.BuiltinIdentities() {
		m[id.Actor] = id.Token
	}
	return m
}

// embedded is a reference server on a loopback port, for one run.
type embedded struct {
	url string
	srv *http.Server
}

// startReference serves a new reference with behaviour b on 127.0.0.1, on a free port.
func startReference(b reference.Behaviour, errorLog *log.Logger) (*embedded, error) {
	h, err := reference.New(reference.Options{Behaviour: b, ErrorLog: errorLog})
	if err != nil {
		return nil, fmt.Errorf("start the embedded reference: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the embedded reference: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: errorLog}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && errorLog != nil {
			errorLog.Printf("embedded reference: %v", err)
		}
	}()
	return &embedded{url: "http://" + ln.Addr().String(), srv: srv}, nil
}

// close stops the server once the run is over. Nothing is in flight by then; Shutdown would
// wait five seconds for connections a transport opened and never used.
func (e *embedded) close() { e.srv.Close() }
