package steps

import "github.com/classroom-conformance/classroom-conformance/redact"

// An Exchange is the last request a scenario sent and the answer it got, for the results of a
// run: a failure is understood from what was sent and what came back. The target's tokens are
// masked wherever they appear; bodies are whole (whoever stores them redacts and shortens them).
type Exchange struct {
	Actor        string // the actor the request was sent as; endpoint.Anonymous for none
	Method       string
	URL          string // path and query, relative to the target, credential parameters masked
	HasBody      bool   // whether the request had a body (an empty one counts)
	RequestBody  string
	Responded    bool // false when no response came (a transport error)
	Status       int
	ContentType  string // of the response
	ResponseBody string
}

// LastExchange returns the scenario's last exchange, or false when it sent no request.
func (w *World) LastExchange() (Exchange, bool) {
	ex := w.last
	if ex == nil {
		return Exchange{}, false
	}
	known, red := w.known(), redact.Default()
	out := Exchange{
		Actor:       ex.actor,
		Method:      ex.method,
		URL:         known.Mask(red.URL(ex.uri)),
		HasBody:     ex.hasBody,
		RequestBody: known.Mask(string(ex.reqBody)),
		Responded:   ex.header != nil,
		Status:      ex.status,
	}
	if ex.header != nil {
		out.ContentType = ex.header.Get("Content-Type")
		out.ResponseBody = known.Mask(string(ex.body))
	}
	return out, true
}
