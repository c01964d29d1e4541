package explorer

import "mcheck/model"

// measures tracks each of the program's measures over the stored states:
// the maximum, the minimum, and the first stored state at the maximum (in
// BFS order without reduction, one at the least depth).
type measures struct {
	vals  []int64
	max   []int64
	min   []int64
	maxAt []int
}

func newMeasures(p *model.Executable) *measures {
	n := len(p.Measures)
	if n == 0 {
		return nil
	}
	return &measures{vals: make([]int64, n), max: make([]int64, n), min: make([]int64, n), maxAt: make([]int, n)}
}

// measure evaluates the measures in stored state idx; a measure that cannot
// be evaluated is returned as a violation.
func (s *search) measure(state []uint64, idx int) *model.Violation {
	ms := s.meas
	if ms == nil {
		return nil
	}
	if v := s.m.Measures(state, ms.vals); v != nil {
		return v
	}
	for i, v := range ms.vals {
		if idx == 0 {
			ms.max[i], ms.min[i], ms.maxAt[i] = v, v, 0
			continue
		}
		if v > ms.max[i] {
			ms.max[i], ms.maxAt[i] = v, idx
		}
		ms.min[i] = min(ms.min[i], v)
	}
	return nil
}

// measureResults are the ranges with a trace to each maximum.
func (s *search) measureResults() []MeasureRange {
	if s.meas == nil || s.st.len() == 0 {
		return nil
	}
	out := make([]MeasureRange, len(s.p.Measures))
	for i, m := range s.p.Measures {
		tr := s.trace(s.meas.maxAt[i])
		if s.sym != nil {
			tr, _ = s.concretize(tr, false)
		}
		out[i] = MeasureRange{Name: m.Name, Max: s.meas.max[i], Min: s.meas.min[i], MaxTrace: tr}
	}
	return out
}
