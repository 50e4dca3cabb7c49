package discovery

import (
	"fmt"
	"sort"
	"strings"
)

// A Call is a request matched to its method: the method and the values of its path parameters.
type Call struct {
	Method *Method
	// Params are the path parameters by their discovery names, as the request spelled them
	// (decoded).
	Params map[string]string
}

// Match returns the method an HTTP request calls, by its HTTP method and its URL path
// ("/v1/courses/123/courseWork/456:modifyAssignees"). ok is false for a path the document does
// not describe. A custom verb (":turnIn") is told apart from an id holding a colon ("d:alias")
// by the verbs the document defines at that path.
func (d *Document) Match(httpMethod, path string) (c Call, ok bool) {
	return d.routes.match(httpMethod, path)
}

// MethodID returns the id of the method an HTTP request calls, or "" if there is none.
func (d *Document) MethodID(httpMethod, path string) string {
	c, ok := d.routes.match(httpMethod, path)
	if !ok {
		return ""
	}
	return c.Method.ID
}

type route struct {
	m       *Method
	segs    []string // literal segments; "" where a parameter is
	names   []string // parameter name of each segment ("" for literals)
	verb    string
	literal int // number of literal segments, to prefer the most specific route
}

// A shape is an HTTP method and a number of path segments.
type shape struct {
	method string
	segs   int
}

// router finds routes by HTTP method and number of segments, then by literal segments.
type router struct {
	byShape map[shape][]*route // candidates, verb routes and the most literal first
}

func newRouter(methods map[string]*Method) (*router, error) {
	rt := &router{byShape: map[shape][]*route{}}
	for _, m := range methods {
		r := &route{m: m}
		segs := strings.Split(strings.TrimPrefix(m.Path, "/"), "/")
		for i, seg := range segs {
			if i == len(segs)-1 {
				if j := strings.LastIndex(seg, ":"); j >= 0 && strings.HasSuffix(seg[:j], "}") {
					seg, r.verb = seg[:j], seg[j+1:]
				}
			}
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				name := strings.TrimSuffix(strings.TrimPrefix(seg, "{"), "}")
				if strings.HasPrefix(name, "+") {
					return nil, fmt.Errorf("method %s: reserved expansion %s is not supported", m.ID, seg)
				}
				r.segs = append(r.segs, "")
				r.names = append(r.names, name)
				continue
			}
			r.segs = append(r.segs, seg)
			r.names = append(r.names, "")
			r.literal++
		}
		key := shape{m.HTTPMethod, len(r.segs)}
		rt.byShape[key] = append(rt.byShape[key], r)
	}
	for _, rs := range rt.byShape {
		sort.Slice(rs, func(i, j int) bool {
			a, b := rs[i], rs[j]
			if (a.verb != "") != (b.verb != "") {
				return a.verb != ""
			}
			if a.literal != b.literal {
				return a.literal > b.literal
			}
			return a.m.ID < b.m.ID
		})
	}
	return rt, nil
}

func (rt *router) match(httpMethod, path string) (Call, bool) {
	path = strings.TrimPrefix(path, "/")
	n := strings.Count(path, "/") + 1
	cands := rt.byShape[shape{httpMethod, n}]
	if len(cands) == 0 {
		return Call{}, false
	}
	var buf [16]string
	segs := buf[:0]
	for rest := path; ; {
		seg, after, found := strings.Cut(rest, "/")
		segs = append(segs, seg)
		if !found {
			break
		}
		rest = after
	}
	for _, r := range cands {
		last := segs[n-1]
		if r.verb != "" {
			if !strings.HasSuffix(last, ":"+r.verb) {
				continue
			}
			last = last[:len(last)-len(r.verb)-1]
		}
		ok := true
		for i, lit := range r.segs {
			got := segs[i]
			if i == n-1 {
				got = last
			}
			if lit != "" && got != lit {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		params := make(map[string]string, len(r.names)-r.literal)
		for i, name := range r.names {
			if name == "" {
				continue
			}
			if i == n-1 {
				params[name] = last
			} else {
				params[name] = segs[i]
			}
		}
		return Call{Method: r.m, Params: params}, true
	}
	return Call{}, false
}
