package reference

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// The order of courseWork.list.

// An orderKey is one field of a courseWork.list orderBy.
type orderKey struct {
	field string // "updateTime" or "dueDate"
	desc  bool
}

// parseOrderBy reads courseWork.list's orderBy: "A comma-separated list of fields with an
// optional sort direction keyword. Supported fields are updateTime and dueDate. Supported
// direction keywords are asc and desc. If not specified, updateTime desc is the default
// behavior." A field without a keyword sorts ascending, as the example "updateTime,dueDate desc"
// implies. Proto names (update_time) are accepted too.
func parseOrderBy(v string) ([]orderKey, *APIError) {
	if strings.TrimSpace(v) == "" {
		return []orderKey{{field: "updateTime", desc: true}}, nil
	}
	var keys []orderKey
	seen := map[string]bool{}
	for _, item := range strings.Split(v, ",") {
		words := strings.Fields(item)
		if len(words) == 0 || len(words) > 2 {
			return nil, errInvalidArgument("order_by: %q is not a field with an optional direction.", strings.TrimSpace(item))
		}
		field := camel(words[0])
		if field != "updateTime" && field != "dueDate" {
			return nil, errInvalidArgument("order_by: %q is not a supported field; use updateTime or dueDate.", words[0])
		}
		if seen[field] {
			return nil, errInvalidArgument("order_by: %s is given twice.", words[0])
		}
		seen[field] = true
		key := orderKey{field: field}
		if len(words) == 2 {
			switch words[1] {
			case "asc":
			case "desc":
				key.desc = true
			default:
				return nil, errInvalidArgument("order_by: %q is not a direction; use asc or desc.", words[1])
			}
		}
		keys = append(keys, key)
	}
	return keys, nil
}

// sortCourseWork orders course work by keys. Work without a due date sorts after all work with
// one, whichever the direction. Ties are broken by updateTime, descending unless keys name it,
// and then by creation order in the same direction as updateTime, so that work updated within
// one tick of the clock still lists in the order it was written. created gives each item's
// position in creation order.
func sortCourseWork(items []*courseWorkRecord, keys []orderKey, created map[string]int) {
	latestFirst := true
	named := false
	for _, k := range keys {
		if k.field == "updateTime" {
			latestFirst, named = k.desc, true
		}
	}
	if !named {
		keys = append(slices.Clone(keys), orderKey{field: "updateTime", desc: true})
	}
	updated := make(map[*courseWorkRecord]time.Time, len(items))
	for _, w := range items {
		t, _ := time.Parse(time.RFC3339Nano, w.work.UpdateTime)
		updated[w] = t
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		for _, k := range keys {
			var c int
			switch k.field {
			case "updateTime":
				c = updated[a].Compare(updated[b])
			case "dueDate":
				da, db := hasDue(&a.work), hasDue(&b.work)
				switch {
				case da && !db:
					return true
				case !da && db:
					return false
				case da && db:
					c = dueInstant(a.work.DueDate, a.work.DueTime).Compare(dueInstant(b.work.DueDate, b.work.DueTime))
				}
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		if latestFirst {
			return created[a.work.ID] > created[b.work.ID]
		}
		return created[a.work.ID] < created[b.work.ID]
	})
}

func hasDue(w *CourseWork) bool { return w.DueDate != nil && w.DueTime != nil }
