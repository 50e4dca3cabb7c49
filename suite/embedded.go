package suite

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// Behaviour returns the reference behaviour that makes the choices exp expects, so that a run
// against the embedded reference exercises the scenarios of every choice a profile can select.
func Behaviour(exp endpoint.Expectations) reference.Behaviour {
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
	url  string // where it listens
	addr string // its loopback host:port
	srv  *http.Server
}

// referenceBase is the base URL the suite gives the embedded reference: a name that is never
// looked up, since every connection to it is dialled to the reference's loopback listener. It
// keeps the random port out of what a run records.
const referenceBase = "http://classroom-reference.test/"

// startReference serves a new reference with behaviour b and clock now (nil: time.Now) on
// 127.0.0.1, on a free port.
func startReference(b reference.Behaviour, now func() time.Time, errorLog *log.Logger) (*embedded, error) {
	h, err := reference.New(reference.Options{Behaviour: b, Now: now, ErrorLog: errorLog})
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
	addr := ln.Addr().String()
	return &embedded{url: "http://" + addr, addr: addr, srv: srv}, nil
}

// client returns an HTTP client for the reference at referenceBase: whatever host a request
// names, it connects to the reference's listener.
func (e *embedded) client(concurrency int) (*http.Client, func()) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(concurrency, 2)
	tr.Proxy = nil
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, e.addr)
	}
	return &http.Client{Transport: tr, Timeout: endpoint.DefaultTimeout}, tr.CloseIdleConnections
}

// close stops the server once the run is over. Nothing is in flight by then; Shutdown would
// wait five seconds for connections a transport opened and never used.
func (e *embedded) close() { e.srv.Close() }
