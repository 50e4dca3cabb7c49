package reference

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A fieldSelector is a parsed `fields` system parameter, Google's partial-response selector:
// comma-separated paths, "/" for sub-fields and parentheses for several sub-fields, e.g.
// "courseWork(id,title),nextPageToken" or "dueDate/year". A nil selector selects everything.
type fieldSelector map[string]fieldSelector

// parseFields parses a fields selector.
func parseFields(s string) (fieldSelector, error) {
	p := &fieldParser{in: s}
	sel, err := p.list()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.in) {
		return nil, fmt.Errorf("unexpected %q at offset %d", p.in[p.pos], p.pos)
	}
	return sel, nil
}

type fieldParser struct {
	in  string
	pos int
}

// list parses "path(,path)*" into a selector.
func (p *fieldParser) list() (fieldSelector, error) {
	sel := fieldSelector{}
	for {
		if err := p.path(sel); err != nil {
			return nil, err
		}
		if p.pos < len(p.in) && p.in[p.pos] == ',' {
			p.pos++
			continue
		}
		return sel, nil
	}
}

// path parses "name(/name)*" optionally followed by "(list)", adding it to sel.
func (p *fieldParser) path(sel fieldSelector) error {
	name := p.name()
	if name == "" {
		if p.pos < len(p.in) {
			return fmt.Errorf("expected a field name at offset %d, found %q", p.pos, p.in[p.pos])
		}
		return fmt.Errorf("expected a field name at the end")
	}
	sub, ok := sel[name]
	if !ok || sub == nil {
		sub = fieldSelector{}
	}
	switch {
	case p.pos < len(p.in) && p.in[p.pos] == '/':
		p.pos++
		if err := p.path(sub); err != nil {
			return err
		}
		if ok && sel[name] == nil {
			return nil // the whole field was already selected
		}
		sel[name] = sub
	case p.pos < len(p.in) && p.in[p.pos] == '(':
		p.pos++
		inner, err := p.list()
		if err != nil {
			return err
		}
		if p.pos >= len(p.in) || p.in[p.pos] != ')' {
			return fmt.Errorf("missing ')' at offset %d", p.pos)
		}
		p.pos++
		for k, v := range inner {
			sub[k] = v
		}
		if ok && sel[name] == nil {
			return nil
		}
		sel[name] = sub
	default:
		sel[name] = nil // the whole field
	}
	return nil
}

func (p *fieldParser) name() string {
	start := p.pos
	for p.pos < len(p.in) && !strings.ContainsRune(",/() ", rune(p.in[p.pos])) {
		p.pos++
	}
	return p.in[start:p.pos]
}

// apply keeps the selected fields of a JSON value; lists apply the selector to each item.
func (sel fieldSelector) apply(v any) any {
	if sel == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, sub := range sel {
			if fv, ok := x[k]; ok {
				out[k] = sub.apply(fv)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = sel.apply(item)
		}
		return out
	default:
		return v
	}
}

// partial applies a fields selector to a response message.
func partial(v any, fields string) (any, *APIError) {
	sel, err := parseFields(fields)
	if err != nil {
		return nil, errInvalidArgument("Invalid field selector %q: %v.", fields, err)
	}
	data, merr := json.Marshal(v)
	if merr != nil {
		return nil, asAPIError(merr)
	}
	var tree any
	if uerr := json.Unmarshal(data, &tree); uerr != nil {
		return nil, asAPIError(uerr)
	}
	return sel.apply(tree), nil
}
