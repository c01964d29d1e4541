package explorer

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/internal/testlong"
	"mcheck/model"
)

// TestIndependentStepsCommute checks the independence the reduction relies
// on, state by state: for every two current steps a and b of different
// processes that por's merged lists call independent (b is not in dep[a],
// nor in enab[a], and the other way round), in the first states of each
// catalogue, example and random program: if both are enabled, a then b and
// b then a are both possible and end in the same state with the same
// violations; if only a is, b is still disabled after a. This is where the
// commuting ops (model.SyncOpInfo.Commutes: two down_reads of one
// rw_semaphore both write its queued-reader mask) are proven: the test
// counts the pairs that are independent only because of them.
func TestIndependentStepsCommute(t *testing.T) {
	limit := testlong.Count(100, 3000)
	pairs, commuting := 0, 0
	for name, p := range porPrograms(t) {
		r := newPOR(p.Executable, false)
		r.build()
		if r.dep == nil {
			continue // over the merge budget: no program of ours
		}
		m := p.NewMachine()
		seen := map[string]bool{}
		queue := [][]uint64{p.Initial()}
		for len(queue) > 0 && len(seen) < limit {
			s := queue[0]
			queue = queue[1:]
			n, c := checkCommute(t, name, p, m, r, s)
			pairs, commuting = pairs+n, commuting+c
			for _, tr := range m.Enabled(s) {
				next, v, _ := m.Step(s, tr)
				if k := fmt.Sprint(next); v == nil && !seen[k] {
					seen[k] = true
					queue = append(queue, next)
				}
			}
		}
	}
	t.Logf("%d independent pairs checked, %d of them independent only by commuting ops", pairs, commuting)
	require.Positive(t, commuting)
}

// checkCommute checks every independent pair of current steps in s.
func checkCommute(t *testing.T, name string, p *model.Program, m *model.Machine, r *por, s []uint64) (pairs, commuting int) {
	enabled := map[model.Trans]bool{}
	for _, tr := range m.Enabled(s) {
		enabled[tr] = true
	}
	var cur []model.Trans
	for pid := range p.Procs {
		for _, st := range p.Starts(pid, p.PC(s, pid)) {
			cur = append(cur, model.Trans{Pid: int32(pid), Node: st})
		}
	}
	for _, a := range cur {
		for _, b := range cur {
			if a.Pid == b.Pid || !enabled[a] || !r.independent(a, b) {
				continue
			}
			pairs++
			if !r.independentPlain(a, b) {
				commuting++
			}
			sa, va, ok := m.Step(s, a)
			require.True(t, ok)
			_, _, bAfterA := m.Step(sa, b)
			require.Equal(t, enabled[b], bAfterA, "%s: %v changes whether %v is enabled in %v", name, a, b, s)
			if !enabled[b] || va != nil {
				continue
			}
			sab, vab, _ := m.Step(sa, b)
			sb, vb, _ := m.Step(s, b)
			sba, vba, ok := m.Step(sb, a)
			require.True(t, ok, "%s: %v disables %v in %v", name, b, a, s)
			if vb != nil {
				continue
			}
			require.Equal(t, sab, sba, "%s: %v and %v do not commute in %v", name, a, b, s)
			require.Equal(t, vab == nil, vba == nil, "%s: %v and %v: a violation in one order only, in %v", name, a, b, s)
		}
	}
	return pairs, commuting
}

// independent: neither step conflicts with the other or writes what the
// other's guard reads, by the merged lists.
func (r *por) independent(a, b model.Trans) bool {
	ia, ib := r.id[a.Pid][a.Node], r.id[b.Pid][b.Node]
	return !inLists(r.dep[ia], b) && !inLists(r.dep[ib], a) && !inLists(r.enab[ia], b) && !inLists(r.enab[ib], a)
}

// independentPlain is independent without the commuting ops: the slots
// their footprints share.
func (r *por) independentPlain(a, b model.Trans) bool {
	fa, fb := r.p.StepFootprint(int(a.Pid), int(a.Node)), r.p.StepFootprint(int(b.Pid), int(b.Node))
	return !fa.Writes.Intersects(fb.Reads) && !fa.Writes.Intersects(fb.Writes) && !fb.Writes.Intersects(fa.Reads)
}

func inLists(lists []procNodes, t model.Trans) bool {
	for _, pn := range lists {
		if pn.pid == t.Pid && hasNode(pn.nodes, t.Node) {
			return true
		}
	}
	return false
}
