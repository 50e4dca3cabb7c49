package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/classroom-conformance/classroom-conformance/discovery"
)

// PlanHeader selects a plan added through the control endpoint: a request carrying it takes
// that plan's instructions only, so tests running in parallel do not share faults.
const PlanHeader = "X-Fault-Plan"

// ControlPath is the control endpoint, outside the paths of the Classroom API.
const ControlPath = "/_faults"

// DefaultPlanID is the id under which the Handler lists its Plan.
const DefaultPlanID = "default"

// A Handler applies fault plans to the requests it passes to Next. Requests without PlanHeader
// take Plan's instructions; requests with it take the named plan's. The method of a request is
// found from the discovery document's routes. A Handler is safe for concurrent use.
//
//	h := &faults.Handler{Next: srv, Doc: doc, Plan: plan}
type Handler struct {
	Next http.Handler
	Doc  *discovery.Document
	// Plan applies to requests without PlanHeader; nil or empty lets them all through.
	Plan *Plan

	mu     sync.Mutex
	added  map[string]*Plan
	lastID int
}

// ServeHTTP serves the control endpoint, or applies a fault to the request, or passes it on.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := r.URL.Path; p == ControlPath || strings.HasPrefix(p, ControlPath+"/") {
		h.control(w, r)
		return
	}
	plan := h.Plan
	if id := r.Header.Get(PlanHeader); id != "" {
		r.Header.Del(PlanHeader) // it means nothing upstream, and must not reach a recording
		if plan = h.planByID(id); plan == nil {
			writeError(w, http.StatusBadRequest, "", fmt.Sprintf("Unknown fault plan %q in the %s header; POST a plan to %s for an id.", id, PlanHeader, ControlPath))
			return
		}
	}
	if plan.Empty() {
		h.Next.ServeHTTP(w, r)
		return
	}
	method := h.Doc.MethodID(r.Method, r.URL.Path)
	in := plan.take(method)
	if in == nil {
		h.Next.ServeHTTP(w, r)
		return
	}
	apply(w, r, in, h.Next)
}

// Add adds a plan and returns its id, for PlanHeader.
func (h *Handler) Add(p *Plan) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.added == nil {
		h.added = map[string]*Plan{}
	}
	h.lastID++
	id := "plan-" + strconv.Itoa(h.lastID)
	h.added[id] = p
	return id
}

// Remove removes an added plan; it reports whether there was one.
func (h *Handler) Remove(id string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	_, ok := h.added[id]
	delete(h.added, id)
	return ok
}

func (h *Handler) planByID(id string) *Plan {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.added[id]
}

// A PlanStatus is the account of one plan, as GET /_faults lists it.
type PlanStatus struct {
	ID           string   `json:"id"`
	Instructions []Status `json:"instructions"`
	// AllFired is true when every instruction of the plan has fired.
	AllFired bool `json:"allFired"`
}

// Statuses returns the account of every plan: the Handler's own first, as DefaultPlanID, then
// the added ones by id.
func (h *Handler) Statuses() []PlanStatus {
	h.mu.Lock()
	ids := make([]string, 0, len(h.added))
	plans := map[string]*Plan{}
	for id, p := range h.added {
		ids = append(ids, id)
		plans[id] = p
	}
	h.mu.Unlock()
	sort.Slice(ids, func(i, j int) bool {
		a, _ := strconv.Atoi(strings.TrimPrefix(ids[i], "plan-"))
		b, _ := strconv.Atoi(strings.TrimPrefix(ids[j], "plan-"))
		return a < b
	})
	out := []PlanStatus{}
	if h.Plan != nil {
		out = append(out, planStatus(DefaultPlanID, h.Plan))
	}
	for _, id := range ids {
		out = append(out, planStatus(id, plans[id]))
	}
	return out
}

func planStatus(id string, p *Plan) PlanStatus {
	st := p.Statuses()
	all := true
	for _, s := range st {
		all = all && s.Fired
	}
	return PlanStatus{ID: id, Instructions: st, AllFired: all}
}

// control serves GET /_faults (every plan's account), GET /_faults/ID (one plan's), POST
// /_faults (add a plan in YAML or JSON; answers its id) and DELETE /_faults/ID.
func (h *Handler) control(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, ControlPath), "/")
	switch {
	case r.Method == http.MethodGet && id == "":
		writeJSON(w, http.StatusOK, map[string]any{"plans": h.Statuses()})
	case r.Method == http.MethodGet:
		if id == DefaultPlanID && h.Plan != nil {
			writeJSON(w, http.StatusOK, planStatus(id, h.Plan))
			return
		}
		p := h.planByID(id)
		if p == nil {
			writeError(w, http.StatusNotFound, "", fmt.Sprintf("No fault plan %q.", id))
			return
		}
		writeJSON(w, http.StatusOK, planStatus(id, p))
	case r.Method == http.MethodPost && id == "":
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "", "Reading the plan: "+err.Error())
			return
		}
		p, err := Parse(body, h.Doc)
		if err != nil {
			writeError(w, http.StatusBadRequest, "", "Fault plan refused: "+err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": h.Add(p)})
	case r.Method == http.MethodDelete && id != "":
		if !h.Remove(id) {
			writeError(w, http.StatusNotFound, "", fmt.Sprintf("No fault plan %q.", id))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeError(w, http.StatusMethodNotAllowed, "INVALID_ARGUMENT", fmt.Sprintf("%s %s: the control endpoint takes GET %s[/ID], POST %s and DELETE %s/ID.", r.Method, r.URL.Path, ControlPath, ControlPath, ControlPath))
	}
}

// apply does what an instruction says to one call.
func apply(w http.ResponseWriter, r *http.Request, in *Instruction, next http.Handler) {
	if in.Delay > 0 {
		t := time.NewTimer(in.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch {
	case in.Status != 0:
		msg := in.Message
		if msg == "" {
			msg = statusMessages[in.Status]
		}
		if in.Code != "" {
			msg = in.Code + " " + msg
		}
		if in.RetryAfter > 0 || in.retryAfterSet {
			w.Header().Set("Retry-After", strconv.Itoa(int((in.RetryAfter+time.Second-1)/time.Second)))
		}
		writeError(w, in.Status, statusNames[in.Status], msg)
	case in.Reset:
		closeConnection(w)
	case in.Truncate > 0:
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		for k, vs := range rec.header {
			w.Header()[k] = vs
		}
		body := rec.body.Bytes()
		if in.Truncate >= len(body) {
			w.WriteHeader(rec.code())
			w.Write(body)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.code())
		w.Write(body[:in.Truncate])
		http.NewResponseController(w).Flush()
		closeConnection(w)
	default: // a delay alone
		next.ServeHTTP(w, r)
	}
}

// closeConnection closes the client's connection without (the rest of) an answer: hijacked
// where the server allows it, aborted otherwise (HTTP/2 resets the stream).
func closeConnection(w http.ResponseWriter) {
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err == nil {
		brw.Flush() // what was written of the answer, if anything, goes out first
		conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// recorder keeps an answer whole, so that it can be cut.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}
func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}
func (r *recorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, _ := json.MarshalIndent(v, "", "  ")
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}
