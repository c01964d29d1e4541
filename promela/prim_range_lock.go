package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// range_lock(N, K) (model/prim_range_lock.go): the list of ranges held or
// queued in arrival order, as four arrays of K (owner _pid+1 or 0 past the
// end, start, end, write). A range is granted when no earlier one in the
// list conflicts with it (they overlap and one is a writer). While a
// process runs, its ranges are all granted (it adds one only when it
// locks, and waits for it); so it waits exactly while one of its ranges is
// blocked.

type rangeLockText struct{}

func init() { primTexts[model.TRangeLock] = rangeLockText{} }

// rl is the arrays' names and the declared parameters of one range lock.
type rl struct {
	owner, start, end, write string
	n                        int64
	k                        int
}

func rlOf(o *syncObj) rl { return *o.own.(*rl) }

func (rangeLockText) declare(n *names, p *model.Program, base int, path string) *syncObj {
	ps := p.ParamsAt(base)
	r := &rl{n.fresh(path + "_owner"), n.fresh(path + "_start"), n.fresh(path + "_end"), n.fresh(path + "_write"), ps[0], int(ps[1])}
	for i := 0; i < r.k; i++ {
		for f, name := range []string{r.owner, r.start, r.end, r.write} {
			s := &n.slots[base+4*i+f]
			s.kind, s.name, s.elem = sReaders, name, i
		}
	}
	return &syncObj{own: r}
}

// conflict is "range i conflicts with [s, e) in mode w" (i in the list).
func (r rl) conflict(i int, s, e, w string) string {
	return fmt.Sprintf("(%s[%d] != 0 && %s[%d] < %s && %s < %s[%d] && (%s[%d] != 0 || %s != 0))",
		r.owner, i, r.start, i, paren(e), paren(s), r.end, i, r.write, i, paren(w))
}

// anyConflict is "some range in the list conflicts with [s, e) in mode w".
func (r rl) anyConflict(s, e, w string) string {
	var parts []string
	for i := 0; i < r.k; i++ {
		parts = append(parts, r.conflict(i, s, e, w))
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// blocked is "range j is blocked by an earlier one".
func (r rl) blocked(j int) string {
	s, e, w := fmt.Sprintf("%s[%d]", r.start, j), fmt.Sprintf("%s[%d]", r.end, j), fmt.Sprintf("%s[%d]", r.write, j)
	parts := []string{"0"}
	for i := 0; i < j; i++ {
		parts = append(parts, r.conflict(i, s, e, w))
	}
	return "(" + strings.Join(parts, " || ") + ")"
}

// okRange is the model's range check: a nonempty range within 0..N.
func (r rl) okRange(a []string) string {
	return fmt.Sprintf("(%s >= 0 && %s < %s && %s <= %d)", paren(a[0]), paren(a[0]), paren(a[1]), paren(a[1]), r.n)
}

// appendRange puts [s, e) in mode w of the running process at the end of
// the list, which must not be full (the model's "too many ranges").
func (r rl) appendRange(a []string, w int) string {
	s := "skip"
	for i := r.k - 1; i >= 0; i-- {
		s = fmt.Sprintf("if :: %s[%d] == 0 -> %s[%d] = %s; %s[%d] = %s; %s[%d] = %s; %s[%d] = %d :: else -> %s fi",
			r.owner, i, r.owner, i, me, r.start, i, a[0], r.end, i, a[1], r.write, i, w, s)
	}
	return fmt.Sprintf("assert(%s[%d] == 0); %s", r.owner, r.k-1, s)
}

// findRange sets t to the first range equal to the running process's
// [s, e) in mode w, asserting there is one (the model's "not held").
func (r rl) findRange(a []string, w int, t string) string {
	parts := []string{fmt.Sprintf("%s = %d", t, r.k)}
	for i := r.k - 1; i >= 0; i-- {
		parts = append(parts, fmt.Sprintf("if :: %s[%d] == %s && %s[%d] == %s && %s[%d] == %s && %s[%d] == %d -> %s = %d :: else -> skip fi",
			r.owner, i, me, r.start, i, paren(a[0]), r.end, i, paren(a[1]), r.write, i, w, t, i))
	}
	return strings.Join(parts, "; ") + fmt.Sprintf("; assert(%s < %d)", t, r.k)
}

// removeRange takes range t out, shifting the later ones down.
func (r rl) removeRange(t string) string {
	var parts []string
	for j := 0; j+1 < r.k; j++ {
		var mv []string
		for _, a := range []string{r.owner, r.start, r.end, r.write} {
			mv = append(mv, fmt.Sprintf("%s[%d] = %s[%d]", a, j, a, j+1))
		}
		parts = append(parts, fmt.Sprintf("if :: %s <= %d -> %s :: else -> skip fi", t, j, strings.Join(mv, "; ")))
	}
	last := r.k - 1
	parts = append(parts, fmt.Sprintf("%s[%d] = 0; %s[%d] = 0; %s[%d] = 0; %s[%d] = 0", r.owner, last, r.start, last, r.end, last, r.write, last))
	return strings.Join(parts, "; ")
}

func rlMode(op model.SyncOp) int {
	switch op {
	case model.OpRangeWriteLock, model.OpRangeWriteLockWait, model.OpRangeWriteUnlock, model.OpRangeWriteTrylock, model.OpRangeDowngradeWrite:
		return 1
	case model.OpRangeReadLock, model.OpRangeReadLockWait, model.OpRangeReadUnlock, model.OpRangeReadTrylock:
		return 0
	}
	panic(unknownOp("range_lock mode", op))
}

// guard: the waiting process's range is granted (none of its ranges is
// blocked).
func (rangeLockText) guard(_ *exporter, op model.SyncOp, o *syncObj, _ []string) string {
	if op != model.OpRangeReadLockWait && op != model.OpRangeWriteLockWait {
		panic(unknownOp("range_lock guard", op))
	}
	r := rlOf(o)
	var parts []string
	for j := 1; j < r.k; j++ {
		parts = append(parts, fmt.Sprintf("!(%s[%d] == %s && %s)", r.owner, j, me, r.blocked(j)))
	}
	if len(parts) == 0 {
		return "1"
	}
	return "(" + strings.Join(parts, " && ") + ")"
}

func (rangeLockText) stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, _ string, a []string) string {
	r, w := rlOf(o), rlMode(op)
	check := fmt.Sprintf("assert(%s)", r.okRange(a))
	switch op {
	case model.OpRangeReadLock, model.OpRangeWriteLock:
		return fmt.Sprintf("%s; if :: %s -> %s; %s :: else -> %s; %s fi", check, r.anyConflict(a[0], a[1], fmt.Sprint(w)),
			r.appendRange(a, w), jump(n.Else), r.appendRange(a, w), jump(n.Next))
	case model.OpRangeReadLockWait, model.OpRangeWriteLockWait:
		return "skip" // granted by the releases
	case model.OpRangeReadUnlock, model.OpRangeWriteUnlock:
		t := x.temp()
		return fmt.Sprintf("%s; %s; %s", check, r.findRange(a, w, t), r.removeRange(t))
	case model.OpRangeDowngradeWrite:
		t := x.temp()
		return fmt.Sprintf("%s; %s; %s[%s] = 0", check, r.findRange(a, 1, t), r.write, t)
	}
	panic(unknownOp("range_lock stmt", op))
}

func (rangeLockText) query(_ *exporter, op model.SyncOp, _ *syncObj, _ []string) string {
	panic(unknownOp("range_lock query", op))
}

// trylock: a reader fails on an overlapping writer in the list; a writer
// on a range meeting the span of the list (model/prim_range_lock_ops.go).
func (rangeLockText) trylock(_ *exporter, op model.SyncOp, o *syncObj, t string, a []string) string {
	r := rlOf(o)
	var busy string
	switch op {
	case model.OpRangeReadTrylock:
		busy = r.anyConflict(a[0], a[1], "0")
	case model.OpRangeWriteTrylock:
		var lo, hi []string
		for i := 0; i < r.k; i++ {
			hi = append(hi, fmt.Sprintf("(%s[%d] != 0 && %s < %s[%d])", r.owner, i, paren(a[0]), r.end, i))
			lo = append(lo, fmt.Sprintf("(%s[%d] != 0 && %s[%d] < %s)", r.owner, i, r.start, i, paren(a[1])))
		}
		busy = fmt.Sprintf("((%s) && (%s))", strings.Join(hi, " || "), strings.Join(lo, " || "))
	default:
		panic(unknownOp("range_lock trylock", op))
	}
	return fmt.Sprintf("assert(%s); %s", r.okRange(a), tryText(not(busy), r.appendRange(a, rlMode(op)), t))
}

func (rangeLockText) notHeld(o *syncObj) []string {
	r := rlOf(o)
	var out []string
	for i := 0; i < r.k; i++ {
		out = append(out, fmt.Sprintf("%s[%d] != %s", r.owner, i, me))
	}
	return out
}

func (rangeLockText) held(o *syncObj, write bool) string {
	r := rlOf(o)
	var parts []string
	for i := 0; i < r.k; i++ {
		c := fmt.Sprintf("%s[%d] == %s", r.owner, i, me)
		if write {
			c = fmt.Sprintf("(%s && %s[%d] != 0)", c, r.write, i)
		}
		parts = append(parts, c)
	}
	return "(" + strings.Join(parts, " || ") + ")"
}
