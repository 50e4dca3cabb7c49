package suite

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"reflect"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/reference"
	"github.com/classroom-conformance/classroom-conformance/rules"
)

// Behaviour returns the reference behaviour that makes the choices exp expects, so that a run
// against the embedded reference exercises the scenarios of every choice a profile can select.
//
// The rules catalogue is the one table from ambiguity to switch: each ambiguity names the
// reference.Behaviour field (its behaviour: key) that selects its choices. A bool field is on
// for the choice that is not the default, a string field holds the choice itself.
func Behaviour(exp endpoint.Expectations) (reference.Behaviour, error) {
	var b reference.Behaviour
	cat, err := rules.Embedded()
	if err != nil {
		return b, err
	}
	fields := reflect.ValueOf(&b).Elem()
	for _, a := range cat.Ambiguities {
		f := fields.FieldByName(a.Behaviour)
		choice := exp.Choice(a.ID)
		switch {
		case !f.IsValid():
			return b, fmt.Errorf("ambiguity %s: reference.Behaviour has no field %s", a.ID, a.Behaviour)
		case f.Kind() == reflect.Bool && len(a.Choices) == 2:
			f.SetBool(choice != a.Default)
		case f.Kind() == reflect.String:
			f.SetString(choice)
		default:
			return b, fmt.Errorf("ambiguity %s: reference.Behaviour.%s is a %s; want a bool (two choices) or a string", a.ID, a.Behaviour, f.Kind())
		}
	}
	return b, nil
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

// startReference serves a new reference that makes the choices exp expects, with clock now (nil:
// time.Now), on 127.0.0.1, on a free port.
func startReference(exp endpoint.Expectations, now func() time.Time, errorLog *log.Logger) (*embedded, error) {
	b, err := Behaviour(exp)
	if err != nil {
		return nil, fmt.Errorf("start the embedded reference: %w", err)
	}
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
