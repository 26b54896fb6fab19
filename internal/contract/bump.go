package contract

import (
	"fmt"
	"slices"
	"strings"
)

// Bump compares two field lists (FieldList) and says which raise of the
// schema version the change needs: major when a field is removed, renamed,
// retyped or made optional, a value is dropped, or CSV columns move; minor
// when fields or values are only added.
func Bump(old, cur []string) (major, minor bool) {
	type entry struct {
		kind   string
		values []string
		pos    int
	}
	parse := func(lines []string) map[string]entry {
		m := map[string]entry{}
		for i, l := range lines {
			parts := strings.Fields(l)
			key := parts[0] + " " + parts[1]
			e := entry{pos: i}
			var kind []string
			for _, p := range parts[2:] {
				if v, ok := strings.CutPrefix(p, "values="); ok {
					e.values = strings.Split(v, "|")
				} else {
					kind = append(kind, p)
				}
			}
			e.kind = strings.Join(kind, " ")
			m[key] = e
		}
		return m
	}
	o, c := parse(old), parse(cur)
	var kept []string // keys in both, in the old order
	for _, l := range old {
		p := strings.Fields(l)
		key := p[0] + " " + p[1]
		ce, has := c[key]
		if !has {
			major = true
			continue
		}
		oe := o[key]
		if ce.kind != oe.kind {
			major = true
		}
		for _, v := range oe.values {
			if !slices.Contains(ce.values, v) {
				major = true
			}
		}
		if oe.values != nil && ce.values == nil {
			minor = true // any value now
		}
		for _, v := range ce.values {
			if !slices.Contains(oe.values, v) {
				minor = true
			}
		}
		kept = append(kept, key)
	}
	for key := range c {
		if _, has := o[key]; !has {
			minor = true
		}
	}
	// The kept fields in the same order (CSV columns are read by position).
	if !slices.IsSortedFunc(kept, func(a, b string) int { return c[a].pos - c[b].pos }) {
		major = true
	}
	if major {
		minor = false
	}
	return major, minor
}

// Next is the version after v for a major or a minor change.
func Next(v string, major bool) string {
	ma, mi, err := ParseVersion(v)
	if err != nil {
		return "?"
	}
	if major {
		return fmt.Sprintf("%d.0", ma+1)
	}
	return fmt.Sprintf("%d.%d", ma, mi+1)
}

// Diff lists the lines removed (-) and added (+) between two field lists.
func Diff(old, cur []string) []string {
	var out []string
	for _, l := range old {
		if !slices.Contains(cur, l) {
			out = append(out, "- "+l)
		}
	}
	for _, l := range cur {
		if !slices.Contains(old, l) {
			out = append(out, "+ "+l)
		}
	}
	return out
}
