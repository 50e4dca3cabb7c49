package verify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/classroom-conformance/classroom-conformance/endpoint"
	"github.com/classroom-conformance/classroom-conformance/reference"
)

// ReferenceBase is the base URL a verification gives the embedded reference: a name that is
// never looked up, since every connection is dialled to the reference's loopback listener. It
// keeps the random port out of the reports and out of updated cassettes.
const ReferenceBase = "http://classroom-reference.test/"

// A Reference is the reference emulator served on 127.0.0.1 for one verification.
type Reference struct {
	// Target sends requests to it with the token of each of its identities.
	Target *endpoint.HTTP
	srv    *http.Server
}

// StartReference serves a new reference with opts on a free loopback port.
func StartReference(opts reference.Options) (*Reference, error) {
	h, err := reference.New(opts)
	if err != nil {
		return nil, fmt.Errorf("start the embedded reference: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the embedded reference: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: opts.ErrorLog}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && opts.ErrorLog != nil {
			opts.ErrorLog.Printf("embedded reference: %v", err)
		}
	}()
	addr := ln.Addr().String()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.MaxIdleConnsPerHost = 16
	var d net.Dialer
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}
	base, err := endpoint.ParseBaseURL(ReferenceBase)
	if err != nil {
		srv.Close()
		return nil, err
	}
	ids := opts.Identities
	if ids == nil {
		ids = reference.BuiltinIdentities()
	}
	tokens := map[string]string{}
	for _, id := range ids {
		tokens[id.Actor] = id.Token
	}
	return &Reference{
		Target: &endpoint.HTTP{BaseURL: base, Tokens: tokens, Client: &http.Client{Transport: tr, Timeout: endpoint.DefaultTimeout}, UserAgent: UserAgent},
		srv:    srv,
	}, nil
}

// Close stops the reference.
func (r *Reference) Close() { r.srv.Close() }

// UserAgent is sent with every request a verification makes.
const UserAgent = "classroom-conformance-verify"
