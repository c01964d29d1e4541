package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// maxGrid bounds the number of settings one grid may expand to, so that a
// typo such as FAULTS=1..100000 is an error rather than a week of work.
const maxGrid = 10000

// Axis is one swept constant and its values, in the order given.
type Axis struct {
	Name   string
	Values []int64
}

// Setting is one point of a grid: a value per swept constant, in axis order.
type Setting []Const

// Const is a constant's name and value.
type Const struct {
	Name  string `json:"name"`
	Value int64  `json:"value"`
}

// String is "FAULTS=2 REMAPS=1".
func (s Setting) String() string {
	parts := make([]string, len(s))
	for i, c := range s {
		parts[i] = fmt.Sprintf("%s=%d", c.Name, c.Value)
	}
	return strings.Join(parts, " ")
}

// ParseAxis reads NAME=VALUES where VALUES is a comma-separated list of
// integers and ranges LO..HI (inclusive), e.g. FAULTS=2..5 or REMAPS=1,2,4..6.
func ParseAxis(s string) (Axis, error) {
	name, vals, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return Axis{}, fmt.Errorf("--set %q: want NAME=VALUES (e.g. FAULTS=2..5 or REMAPS=1,2)", s)
	}
	a := Axis{Name: name}
	for _, part := range strings.Split(vals, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "..")
		l, err1 := strconv.ParseInt(strings.TrimSpace(lo), 10, 64)
		h, err2 := l, error(nil)
		if isRange {
			h, err2 = strconv.ParseInt(strings.TrimSpace(hi), 10, 64)
		}
		switch {
		case err1 != nil || err2 != nil:
			return Axis{}, fmt.Errorf("--set %q: %q is not an integer or a range LO..HI", s, part)
		case h < l:
			return Axis{}, fmt.Errorf("--set %q: empty range %s", s, part)
		case h-l >= maxGrid:
			return Axis{}, fmt.Errorf("--set %q: range %s has more than %d values", s, part, maxGrid)
		}
		for v := l; v <= h; v++ {
			a.Values = append(a.Values, v)
		}
	}
	return a, nil
}

// Expand returns every setting of the grid, the first axis outermost; the
// names in keep (nil: all) say which axes apply, and settings that differ
// only in dropped axes appear once.
func Expand(axes []Axis, keep func(name string) bool) ([]Setting, error) {
	out := []Setting{nil}
	for _, a := range axes {
		if keep != nil && !keep(a.Name) {
			continue
		}
		var next []Setting
		for _, s := range out {
			for _, v := range a.Values {
				next = append(next, append(append(Setting(nil), s...), Const{a.Name, v}))
			}
		}
		if len(next) > maxGrid {
			return nil, fmt.Errorf("the grid has more than %d settings", maxGrid)
		}
		out = next
	}
	return out, nil
}

// CheckAxes rejects an axis named twice.
func CheckAxes(axes []Axis) error {
	seen := map[string]bool{}
	for _, a := range axes {
		if seen[a.Name] {
			return fmt.Errorf("--set %s given twice; list its values in one flag (e.g. %s=1,2)", a.Name, a.Name)
		}
		seen[a.Name] = true
	}
	return nil
}
