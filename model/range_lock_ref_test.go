package model_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// A reference range lock written from the kernel's algorithm rather than
// from the model's formulation: the patch's blocking_ranges counters (a new
// range counts the conflicting ranges in the tree; an unlock decrements
// every overlapping range it blocked; a downgrade decrements the readers),
// run in lockstep with the model on random straight-line programs over
// range_lock(3, 3): the same processes enabled in every reachable state,
// the same violations, and the same rendering of the lock.

type refRange struct {
	pid, start, end int
	write           bool
	blocking        int
}

type refRL struct {
	pc     []int
	waits  []bool // between the two halves of a contended lock
	ranges []refRange
}

const refN, refK = 3, 3

func (r refRL) clone() refRL {
	c := r
	c.pc = append([]int(nil), r.pc...)
	c.waits = append([]bool(nil), r.waits...)
	c.ranges = append([]refRange(nil), r.ranges...)
	return c
}

func overlap(a refRange, s, e int) bool { return a.start < e && s < a.end }

// parseRange reads "op(l, s, e)" or "ok = op(l, s, e)".
func parseRange(stmt string) (op string, s, e int) {
	stmt = strings.TrimPrefix(stmt, "ok = ")
	i := strings.IndexByte(stmt, '(')
	fmt.Sscanf(stmt[i:], "(l, %d, %d)", &s, &e)
	return stmt[:i], s, e
}

func (r refRL) enabled(prog [][]string, pid int) bool {
	if r.pc[pid] >= len(prog[pid]) {
		return false
	}
	if !r.waits[pid] {
		return true
	}
	for _, x := range r.ranges {
		if x.pid == pid && x.blocking > 0 {
			return false
		}
	}
	return true
}

// insert is __range_{read,write}_lock_common: count, then insert last.
func (r *refRL) insert(pid, s, e int, w bool) int {
	n := 0
	for _, x := range r.ranges {
		if overlap(x, s, e) && (w || x.write) {
			n++
		}
	}
	r.ranges = append(r.ranges, refRange{pid, s, e, w, n})
	return n
}

// step runs pid's statement and returns the violation it commits ("" for
// none, else "kind property").
func (r *refRL) step(prog [][]string, pid int) string {
	if r.waits[pid] {
		r.waits[pid] = false
		r.pc[pid]++
		return ""
	}
	op, s, e := parseRange(prog[pid][r.pc[pid]])
	w := strings.HasPrefix(op, "range_write") || op == "range_downgrade_write"
	switch op {
	case "range_read_lock", "range_write_lock":
		if len(r.ranges) == refK {
			return "misuse too many ranges"
		}
		if r.insert(pid, s, e, w) > 0 {
			r.waits[pid] = true
			return ""
		}
	case "range_read_trylock", "range_write_trylock":
		if !r.tryFree(s, e, w) {
			break
		}
		if len(r.ranges) == refK {
			return "misuse too many ranges"
		}
		r.insert(pid, s, e, w)
	default:
		if v := r.release(op, pid, s, e, w); v != "" {
			return v
		}
	}
	r.pc[pid]++
	return ""
}

// tryFree: __range_read_trylock fails on any overlapping writer;
// __range_write_trylock on a range meeting [leftmost start, root's
// subtree last].
func (r refRL) tryFree(s, e int, w bool) bool {
	if len(r.ranges) == 0 {
		return true
	}
	lo, hi := refN, 0
	for _, x := range r.ranges {
		if !w && x.write && overlap(x, s, e) {
			return false
		}
		lo, hi = min(lo, x.start), max(hi, x.end)
	}
	return !w || !(s < hi && lo < e)
}

// release is range_{read,write}_unlock and range_downgrade_write.
func (r *refRL) release(op string, pid, s, e int, w bool) string {
	at := -1
	for i, x := range r.ranges {
		if x.pid == pid && x.start == s && x.end == e && x.write == w {
			at = i
			break
		}
	}
	if at < 0 {
		return "misuse " + op + " of a range not held"
	}
	if op == "range_downgrade_write" {
		r.ranges[at].write = false
		for i := range r.ranges {
			if i != at && !r.ranges[i].write && overlap(r.ranges[i], s, e) {
				r.ranges[i].blocking--
			}
		}
		return ""
	}
	r.ranges = append(r.ranges[:at], r.ranges[at+1:]...)
	for i := range r.ranges {
		if overlap(r.ranges[i], s, e) && (w || r.ranges[i].write) {
			r.ranges[i].blocking--
		}
	}
	return ""
}

func (r refRL) render(names []string) string {
	var parts []string
	for _, x := range r.ranges {
		mode := "read"
		if x.write {
			mode = "write"
		}
		if x.blocking == 0 {
			parts = append(parts, fmt.Sprintf("[%d,%d) %s-held by %s", x.start, x.end, mode, names[x.pid]))
		} else {
			parts = append(parts, fmt.Sprintf("[%d,%d) %s, queued by %s", x.start, x.end, mode, names[x.pid]))
		}
	}
	if len(parts) == 0 {
		return "unlocked"
	}
	return strings.Join(parts, "; ")
}

func randomRangeProgram(rng *rand.Rand) [][]string {
	ops := []string{"range_read_lock", "range_write_lock", "range_read_unlock", "range_write_unlock",
		"range_downgrade_write", "ok = range_read_trylock", "ok = range_write_trylock"}
	prog := make([][]string, 2+rng.Intn(2))
	for i := range prog {
		prog[i] = make([]string, 1+rng.Intn(5))
		for j := range prog[i] {
			s := rng.Intn(refN)
			e := s + 1 + rng.Intn(refN-s)
			prog[i][j] = fmt.Sprintf("%s(l, %d, %d)", ops[rng.Intn(len(ops))], s, e)
		}
	}
	return prog
}

// checkRangeLock walks every interleaving of prog in the model and the
// reference together.
func checkRangeLock(t *testing.T, prog [][]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "var l: range_lock(%d, %d)\n", refN, refK)
	for i, body := range prog {
		fmt.Fprintf(&b, "process p%d exits_locked {\n    var ok: bool\n    %s\n}\n", i, strings.Join(body, "\n    "))
	}
	src := b.String()
	p := compileSpec(t, src)
	m := p.NewMachine()
	var names []string
	for _, pr := range p.Procs {
		names = append(names, pr.Name())
	}
	seen := map[string]bool{}
	var walk func(s []uint64, r refRL)
	walk = func(s []uint64, r refRL) {
		if k := key(s) + fmt.Sprint(r); seen[k] {
			return
		} else {
			seen[k] = true
		}
		got := map[int32]model.Trans{}
		for _, tr := range m.Enabled(s) {
			got[tr.Pid] = tr
		}
		for pid := range prog {
			tr, ok := got[int32(pid)]
			require.Equal(t, r.enabled(prog, pid), ok, "%s enabled in %v (reference %+v)\n%s", names[pid], p.Values(s), r, src)
			if !ok {
				continue
			}
			r2 := r.clone()
			wantV := r2.step(prog, pid)
			next, v, _ := m.Step(s, tr)
			gotV := ""
			if v != nil {
				gotV = string(v.Kind) + " " + v.Property
			}
			require.Equal(t, wantV, gotV, "%s in %v\n%s", names[pid], p.Values(s), src)
			if v != nil {
				continue
			}
			require.Equal(t, r2.render(names), p.Values(next)[0].Text, "after a step of %s\n%s", names[pid], src)
			walk(next, r2)
		}
	}
	n := len(prog)
	walk(p.Initial(), refRL{pc: make([]int, n), waits: make([]bool, n)})
}

func TestRangeLockAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(2018))
	for i := 0; i < 300; i++ {
		checkRangeLock(t, randomRangeProgram(rng))
	}
}
