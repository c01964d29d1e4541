package explorer

import (
	"bytes"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// refPOR is the stubborn-set computation as it was before the slot index
// (quadratic in the number of steps): the oracle TestPORSameSets compares
// por's sets with, state by state.
type refPOR struct {
	p       *model.Program
	id      [][]int32 // [pid][node] -> dense step id, -1 if not a step start
	pidOf   []int32
	nodeOf  []int32
	dep     [][]int32 // conflicting steps of other processes
	enab    [][]int32 // steps of other processes that write what the guard reads
	visible []bool
	visList []int32 // every visible step

	// per-state scratch
	pcs     []int
	enabled []bool
	mark    []uint32
	gen     uint32
	work    []int32
	best    []model.Trans
}

// newPOR prepares the static relations. With lockdep, a step that may take a
// lock while holding another is visible: the lock-order edges it records
// must survive the reduction like any property.
func newRefPOR(p *model.Program, lockdep bool) *refPOR {
	r := &refPOR{p: p, id: make([][]int32, len(p.Procs)), pcs: make([]int, len(p.Procs))}
	for pid, pr := range p.Procs {
		r.id[pid] = make([]int32, len(pr.Type.Nodes))
		for n := range r.id[pid] {
			r.id[pid][n] = -1
		}
		for n := range pr.Type.Nodes {
			if p.StepFootprint(pid, n) != nil {
				r.id[pid][n] = int32(len(r.pidOf))
				r.pidOf = append(r.pidOf, int32(pid))
				r.nodeOf = append(r.nodeOf, int32(n))
			}
		}
	}
	nt := len(r.pidOf)
	r.dep, r.enab, r.visible = make([][]int32, nt), make([][]int32, nt), make([]bool, nt)
	r.enabled, r.mark = make([]bool, nt), make([]uint32, nt)
	inv := p.InvariantReads()
	for a := 0; a < nt; a++ {
		fa := p.StepFootprint(int(r.pidOf[a]), int(r.nodeOf[a]))
		r.visible[a] = fa.MayViolate || fa.Writes.Intersects(inv) || (lockdep && fa.Nested)
		if r.visible[a] {
			r.visList = append(r.visList, int32(a))
		}
		for b := 0; b < nt; b++ {
			if r.pidOf[a] == r.pidOf[b] {
				continue
			}
			fb := p.StepFootprint(int(r.pidOf[b]), int(r.nodeOf[b]))
			if refConflict(fa, fb) {
				r.dep[a] = append(r.dep[a], int32(b))
			}
			if fb.Writes.Intersects(fa.Guard) {
				r.enab[a] = append(r.enab[a], int32(b))
			}
		}
	}
	return r
}

// refConflict: some slot one step writes and the other reads or writes,
// other than a slot both touch only through the same commuting op.
func refConflict(fa, fb *model.Footprint) bool {
	for i := range fa.Writes {
		both := fa.Writes[i]&(fb.Reads[i]|fb.Writes[i]) | fb.Writes[i]&fa.Reads[i]
		for both != 0 {
			s := int32(i*64 + bits.TrailingZeros64(both))
			both &= both - 1
			if !sameCommOp(fa.Commuting, fb.Commuting, s) {
				return true
			}
		}
	}
	return false
}

func sameCommOp(ca, cb []model.CommSlot, s int32) bool {
	for _, a := range ca {
		for _, b := range cb {
			if a.Slot == s && b.Slot == s && a.Op == b.Op {
				return true
			}
		}
	}
	return false
}

// reduce returns the steps to explore from state s with enabled steps en
// (a sub-slice of en, or en itself for full expansion).
func (r *refPOR) reduce(s []uint64, en []model.Trans) []model.Trans {
	if len(en) <= 1 {
		return en
	}
	for pid := range r.pcs {
		r.pcs[pid] = r.p.PC(s, pid)
	}
	for _, t := range en {
		r.enabled[r.id[t.Pid][t.Node]] = true
	}
	defer func() {
		for _, t := range en {
			r.enabled[r.id[t.Pid][t.Node]] = false
		}
	}()
	bestN := len(en)
	r.best = r.best[:0]
	last := int32(-1)
	for _, seed := range en { // en is in pid order
		if seed.Pid == last {
			continue // every step of a process at one place pulls in the others
		}
		last = seed.Pid
		n, ok := r.closure(r.id[seed.Pid][seed.Node], bestN)
		if !ok || n >= bestN {
			continue
		}
		bestN = n
		r.best = r.best[:0]
		for _, t := range en {
			if r.mark[r.id[t.Pid][t.Node]] == r.gen {
				r.best = append(r.best, t)
			}
		}
		if bestN == 1 {
			break
		}
	}
	if bestN == len(en) {
		return en
	}
	return r.best
}

// closure builds the stubborn set from seed, marking members with a new
// generation. It gives up (ok false) on a visible enabled step or once the
// set has limit enabled steps.
func (r *refPOR) closure(seed int32, limit int) (enabledIn int, ok bool) {
	r.gen++
	gen := r.gen
	r.work = append(r.work[:0], seed)
	r.mark[seed] = gen
	allVisible := false
	for len(r.work) > 0 {
		a := r.work[len(r.work)-1]
		r.work = r.work[:len(r.work)-1]
		pid, node := int(r.pidOf[a]), int(r.nodeOf[a])
		if r.enabled[a] {
			if r.visible[a] && !allVisible {
				// V: a set with an enabled visible step holds every visible step.
				allVisible = true
				r.addReachable(r.visList, gen)
			}
			if enabledIn++; enabledIn >= limit {
				return enabledIn, false
			}
			r.addReachable(r.dep[a], gen)
			// The other steps of a's process at its pc (the branches of an
			// either) conflict with a: taking one disables the rest.
			for _, st := range r.p.Starts(pid, r.pcs[pid]) {
				r.add(r.id[pid][st], gen)
			}
			continue
		}
		at := false
		for _, st := range r.p.Starts(pid, r.pcs[pid]) {
			at = at || int(st) == node
		}
		if !at {
			for _, st := range r.p.Starts(pid, r.pcs[pid]) {
				r.add(r.id[pid][st], gen)
			}
			continue
		}
		r.addReachable(r.enab[a], gen)
	}
	return enabledIn, true
}

func (r *refPOR) add(b int32, gen uint32) {
	if b >= 0 && r.mark[b] != gen {
		r.mark[b] = gen
		r.work = append(r.work, b)
	}
}

// addReachable adds the steps in list that their process may still take.
func (r *refPOR) addReachable(list []int32, gen uint32) {
	for _, b := range list {
		if r.mark[b] == gen {
			continue
		}
		q := int(r.pidOf[b])
		if r.p.Reachable(q, r.pcs[q]).Has(int(r.nodeOf[b])) {
			r.add(b, gen)
		}
	}
}

// porPrograms compiles the catalogue (at its defaults and FAULTS=3), the
// language examples and random specs with pools and RCU (30 seeds, 300
// under MCHECK_LONG=1).
func porPrograms(t *testing.T) map[string]*model.Program {
	out := map[string]*model.Program{}
	add := func(name string, src []byte, set map[string]int64) {
		res, err := compile.Compile(name, src, compile.Options{Set: set})
		if err != nil {
			return // an example of a compile error
		}
		out[fmt.Sprint(name, set)] = res.Program
	}
	for _, name := range protocols.Names() {
		src, fn, _ := protocols.Source(name)
		add(fn, src, nil)
		if bytes.Contains(src, []byte("const FAULTS")) {
			add(fn, src, map[string]int64{"FAULTS": 3})
		}
	}
	files, err := filepath.Glob("../specs/testdata/examples/*.mc")
	require.NoError(t, err)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		add(f, src, nil)
	}
	for seed := int64(0); seed < int64(testlong.Count(30, 300)); seed++ {
		add(fmt.Sprint("random", seed), []byte(randspec.Generate(seed, randspec.Config{Symmetric: seed%2 == 0})), nil)
	}
	return out
}

// TestPORSameSets: the indexed stubborn sets are the old pairwise ones, state
// by state (the first 150 states of each program in BFS order with and
// without lockdep; 5,000 under MCHECK_LONG=1), so the reduced search stores
// exactly the states it stored before. With lockdep the sets come from
// closureSet, without from graphSet.
func TestPORSameSets(t *testing.T) {
	compared, limit := 0, testlong.Count(150, 5000)
	defer func(n int) { graphSteps = n }(graphSteps)
	for name, p := range porPrograms(t) {
		for _, lockdep := range []bool{false, true} {
			graphSteps = 64
			if lockdep { // the step-by-step closure, as with over 64 current steps
				graphSteps = 0
			}
			ref, got := newRefPOR(p, lockdep), newPOR(p.Executable, lockdep)
			m := p.NewMachine()
			seen := map[string]bool{}
			queue := [][]uint64{p.Initial()}
			for len(queue) > 0 && len(seen) < limit {
				s := queue[0]
				queue = queue[1:]
				en := m.Enabled(s)
				want := append([]model.Trans(nil), ref.reduce(s, en)...)
				require.Equal(t, want, got.reduce(s, en), "%s lockdep=%v state %v", name, lockdep, s)
				compared++
				for _, tr := range en {
					next, v, _ := m.Step(s, tr)
					if k := fmt.Sprint(next); v == nil && !seen[k] {
						seen[k] = true
						queue = append(queue, next)
					}
				}
			}
		}
	}
	t.Logf("%d states compared", compared)
}
