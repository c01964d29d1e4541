package compile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/specs/compile"
)

func mustCompile(t *testing.T, src string, set map[string]int64) *compile.Result {
	t.Helper()
	res, err := compile.Compile("t.mc", []byte(src), compile.Options{Set: set})
	require.NoError(t, err)
	return res
}

func TestFootprintWarning(t *testing.T) {
	res := mustCompile(t, `
var a: 0..3
var b: 0..3
mutex m

inline copy_ab() { a = b }

process p {
    var l: 0..3
    a = b
    atomic { a = b; b = a }
    a = a + 1
    l = a
    mutex_lock(m)
    mutex_unlock(m)
    if a == b && l == 0 { skip }
    await a == 0 || mutex_is_locked(m)
    copy_ab()
    copy_ab()
}
`, nil)
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	const tail = " outside atomic; the kernel would access them one at a time"
	assert.Equal(t, []string{
		"t.mc:6:20: warning: this step touches 2 shared objects (a, b)" + tail, // the inline body, once
		"t.mc:10:5: warning: this step touches 2 shared objects (a, b)" + tail,
		"t.mc:16:5: warning: this step touches 2 shared objects (a, b)" + tail,
		"t.mc:17:5: warning: this step touches 2 shared objects (a, m)" + tail,
	}, got)
}

// TestFootprintWarningReadOnly: objects no step writes (a constant table,
// a read-only ref to a pool object) do not count: reading them at another
// moment reads the same value.
func TestFootprintWarningReadOnly(t *testing.T) {
	res := mustCompile(t, `
struct node_t { val: 0..3 }
pool nodes[1]: node_t = [{ val: 2 }]
var root: ref nodes = nodes[0]
var tbl: [2]0..3 = [1, 2]
var a: 0..3
var b: 0..3

process p {
    var l: 0..1
    a = tbl[l]
    a = root->val
    b = a + tbl[1]
    b = a + b
}
`, nil)
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.Error())
	}
	assert.Equal(t, []string{
		"t.mc:13:5: warning: this step touches 2 shared objects (a, b) outside atomic; the kernel would access them one at a time",
		"t.mc:14:5: warning: this step touches 2 shared objects (a, b) outside atomic; the kernel would access them one at a time",
	}, got)
}

func TestConstOverride(t *testing.T) {
	src := `
const N = 2
const M = N + 1
type id = 0..M
process p[N] {
    var x: id
    x = M
}
// expect: holds
// expect N=3: holds
`
	consts := func(p *model.Program) map[string]int64 {
		out := map[string]int64{}
		for _, c := range p.Consts {
			out[c.Name] = c.Value
		}
		return out
	}
	res := mustCompile(t, src, nil)
	assert.Equal(t, map[string]int64{"N": 2, "M": 3}, consts(res.Program))
	assert.Len(t, res.Program.Procs, 2)
	require.Len(t, res.Expect, 2)
	assert.Equal(t, map[string]int64{"N": 3}, res.Expect[1].Set)

	// Overriding N moves everything defined from it.
	res = mustCompile(t, src, map[string]int64{"N": 3})
	assert.Equal(t, map[string]int64{"N": 3, "M": 4}, consts(res.Program))
	require.Len(t, res.Program.Procs, 3)
	x := slotByName(t, res.Program, "p[2].x")
	assert.Equal(t, [2]int64{0, 4}, [2]int64{x.Lo, x.Hi})

	// An override wins over the constant's own definition.
	res = mustCompile(t, src, map[string]int64{"M": 1})
	assert.Equal(t, map[string]int64{"N": 2, "M": 1}, consts(res.Program))

	// The override still has to fit where the constant is used.
	_, err := compile.Compile("t.mc", []byte(src), compile.Options{Set: map[string]int64{"N": 0, "M": 7}})
	// Zero instances of p fit, but p is the only process: nothing would run.
	assert.EqualError(t, err, "t.mc:5:1: no process instance: every process count is 0, so there is nothing to check")
	_, err = compile.Compile("t.mc", []byte(src+"process q { skip }\n"), compile.Options{Set: map[string]int64{"N": 0, "M": 7}})
	assert.NoError(t, err, "zero instances of p are allowed beside another process")
	_, err = compile.Compile("t.mc", []byte(src), compile.Options{Set: map[string]int64{"M": -1}})
	assert.EqualError(t, err, "t.mc:4:11: empty range 0..-1")
}

func slotByName(t *testing.T, p *model.Program, name string) model.Slot {
	t.Helper()
	for _, s := range p.Slots {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no slot %s", name)
	return model.Slot{}
}

func TestLayout(t *testing.T) {
	res := mustCompile(t, `
struct vma { present: bool; id: 0..3; lock: mutex }
var v: vma = { present: true, id: 2 }
var arr: [3]vma
rw_semaphore rw
seqcount sc
var r: 2..5
process p[2] { var l: [2]bool = [false, true]; skip }
process q { skip }
`, nil)
	p := res.Program
	var names []string
	for _, s := range p.Slots {
		names = append(names, s.Name)
	}
	// Globals in declaration order, each struct field and array element in
	// order; a mutex has its owner and its wait list (a place per process),
	// a rw_semaphore a writer, a queued-writer set, one read count per
	// process and its wait list (the queued writers in order, a place per
	// process; the queued readers' set; how many writers precede the
	// earliest queued reader); then each instance's frame: pc first.
	assert.Equal(t, []string{
		"v.present", "v.id", "v.lock.owner", "v.lock.queue[0]", "v.lock.queue[1]", "v.lock.queue[2]",
		"arr[0].present", "arr[0].id", "arr[0].lock.owner", "arr[0].lock.queue[0]", "arr[0].lock.queue[1]", "arr[0].lock.queue[2]",
		"arr[1].present", "arr[1].id", "arr[1].lock.owner", "arr[1].lock.queue[0]", "arr[1].lock.queue[1]", "arr[1].lock.queue[2]",
		"arr[2].present", "arr[2].id", "arr[2].lock.owner", "arr[2].lock.queue[0]", "arr[2].lock.queue[1]", "arr[2].lock.queue[2]",
		"rw.writer", "rw.waiters", "rw.readers[p[0]]", "rw.readers[p[1]]", "rw.readers[q]",
		"rw.wqueue[0]", "rw.wqueue[1]", "rw.wqueue[2]", "rw.rqueued", "rw.rahead",
		"sc.count",
		"r",
		"p[0].pc", "p[0].l[0]", "p[0].l[1]",
		"p[1].pc", "p[1].l[0]", "p[1].l[1]",
		"q.pc",
	}, names)

	ranges := map[string][2]int64{}
	for _, s := range p.Slots {
		ranges[s.Name] = [2]int64{s.Lo, s.Hi}
	}
	assert.Equal(t, [2]int64{0, 3}, ranges["v.lock.owner"], "owner: 0 free, else pid+1 of 3 processes")
	assert.Equal(t, [2]int64{0, 3}, ranges["v.lock.queue[2]"], "0 past the end, else pid+1")
	assert.Equal(t, [2]int64{0, 3}, ranges["rw.writer"])
	assert.Equal(t, [2]int64{0, 7}, ranges["rw.waiters"], "a bit per process")
	assert.Equal(t, [2]int64{0, model.MaxReadHolds}, ranges["rw.readers[q]"])
	assert.Equal(t, [2]int64{0, 3}, ranges["rw.wqueue[2]"], "0 past the end, else pid+1")
	assert.Equal(t, [2]int64{0, 7}, ranges["rw.rqueued"], "a bit per process")
	assert.Equal(t, [2]int64{0, 2}, ranges["rw.rahead"], "the earliest reader has at most 2 writers before it")
	assert.Equal(t, [2]int64{0, model.SeqcountMax}, ranges["sc.count"])

	var bases []int
	for _, g := range p.Globals {
		bases = append(bases, g.Base)
	}
	assert.Equal(t, []int{0, 6, 24, 34, 35}, bases)
	assert.Equal(t, 6, p.Globals[0].Type.Slots)
	assert.Equal(t, 18, p.Globals[1].Type.Slots)
	assert.Equal(t, 10, p.Globals[2].Type.Slots)

	pt := p.Types[0]
	assert.Equal(t, 3, pt.FrameSize)
	require.Len(t, pt.Locals, 1)
	assert.Equal(t, 1, pt.Locals[0].Base, "frame-relative, after the pc")
	assert.Equal(t, []int{36, 39}, []int{p.Procs[0].Frame, p.Procs[1].Frame})

	// Initial values: the initialisers, else zero, else the low end of the range.
	init := map[string]int64{}
	for i, s := range p.Slots {
		init[s.Name] = p.Init[i]
	}
	assert.Equal(t, int64(1), init["v.present"])
	assert.Equal(t, int64(2), init["v.id"])
	assert.Equal(t, int64(0), init["arr[1].id"])
	assert.Equal(t, int64(2), init["r"])
	assert.Equal(t, int64(1), init["p[1].l[1]"])
	assert.Equal(t, int64(0), init["p[1].l[0]"])
}

// TestNodeGraph follows the node graph of a small process: boundaries,
// atomic blocks, down_write's two nodes, an inline return and a goto.
func TestNodeGraph(t *testing.T) {
	res := mustCompile(t, `
var a: 0..3
var b: 0..3
rw_semaphore rw

inline set(v) {
    if a != 0 { return }
    a = v
}

process p {
retry:
    atomic { a = 1; b = 2 }
    down_write(rw)
    set(2)
    if b < 2 { goto retry }
    up_write(rw)
}
`, nil)
	pt := res.Program.Types[0]
	nodes := pt.Nodes
	require.Equal(t, model.NEnd, nodes[0].Kind, "node 0 is the end")
	assert.True(t, nodes[0].Boundary)

	// atomic { a = 1; b = 2 }: one step, entered at a boundary node that
	// carries the whole block's text; the second assignment is inside it.
	atom := pt.Entry
	assert.Equal(t, pt.Entry, pt.Labels["retry"])
	assert.Equal(t, model.NAssign, nodes[atom].Kind)
	assert.True(t, nodes[atom].Boundary)
	assert.Equal(t, "atomic { a = 1; b = 2 }", nodes[atom].Text)
	assert.Equal(t, 13, nodes[atom].Pos.Line)
	second := nodes[atom].Next
	assert.Equal(t, model.NAssign, nodes[second].Kind)
	assert.False(t, nodes[second].Boundary, "inside atomic")
	assert.Equal(t, "b = 2", nodes[second].Text)

	// down_write: takes the lock at once if free (Next), else queues and
	// goes on to a separate waiting node (Else) that then takes it.
	dw := nodes[second].Next
	assert.Equal(t, model.NSync, nodes[dw].Kind)
	assert.Equal(t, model.OpDownWrite, nodes[dw].Op)
	assert.True(t, nodes[dw].Boundary)
	wait := nodes[dw].Else
	assert.NotEqual(t, dw, wait)
	assert.Equal(t, model.OpDownWriteWait, nodes[wait].Op)
	assert.True(t, nodes[wait].Boundary)
	assert.Equal(t, nodes[dw].Next, nodes[wait].Next)

	// set(2): the inline's if; its return jumps past the inline body.
	test := nodes[dw].Next
	assert.Equal(t, model.NBranch, nodes[test].Kind)
	assert.Equal(t, "if a != 0", nodes[test].Text)
	assert.Equal(t, 7, nodes[test].Pos.Line)
	assign := nodes[test].Else
	assert.Equal(t, "a = v", nodes[assign].Text)
	assert.Equal(t, int64(2), nodes[assign].RHS[0].Val, "v bound to the argument 2")
	after := nodes[assign].Next
	assert.Equal(t, after, nodes[test].Next, "return leaves the inline body")

	// if b < 2 { goto retry }: the goto is patched to the label's node.
	assert.Equal(t, "if b < 2", nodes[after].Text)
	assert.Equal(t, atom, nodes[after].Next)
	up := nodes[after].Else
	assert.Equal(t, model.OpUpWrite, nodes[up].Op)
	assert.Equal(t, 0, nodes[up].Next)
	assert.Len(t, nodes, 9, "end, 2 atomic, 2 down_write, 2 inline, if, up_write")
}

func TestAtomicLoopEntry(t *testing.T) {
	res := mustCompile(t, `
var a: 0..3
process p {
    atomic {
        while a < 3 {
        inside:
            a++
        }
    }
}
invariant never_inside: a <= 3
`, nil)
	pt := res.Program.Types[0]
	nodes := pt.Nodes
	// A loop head is jumped back to from inside the block, so the step
	// enters through a separate node and the head stays non-boundary.
	entry := nodes[pt.Entry]
	assert.Equal(t, model.NSkip, entry.Kind)
	assert.True(t, entry.Boundary)
	head := nodes[entry.Next]
	assert.Equal(t, model.NBranch, head.Kind)
	assert.False(t, head.Boundary)
	body := nodes[head.Next]
	assert.False(t, body.Boundary)
	assert.Equal(t, entry.Next, body.Next, "the body loops back to the head")
	assert.Equal(t, 0, head.Else)
	assert.Equal(t, -1, pt.Labels["inside"], "a label inside atomic is never a resting place")
}

func TestEitherTargets(t *testing.T) {
	res := mustCompile(t, `
var a: 0..3
process p {
    either { a = 1 } or { a = 2 } or { skip }
    a = 3
}
`, nil)
	pt := res.Program.Types[0]
	e := pt.Nodes[pt.Entry]
	require.Equal(t, model.NEither, e.Kind)
	require.Len(t, e.Targets, 3)
	var texts []string
	for _, tgt := range e.Targets {
		texts = append(texts, pt.Nodes[tgt].Text)
		assert.True(t, pt.Nodes[tgt].Boundary)
		assert.Equal(t, "a = 3", pt.Nodes[pt.Nodes[tgt].Next].Text)
	}
	assert.Equal(t, []string{"a = 1", "a = 2", "skip"}, texts)
}

func explore(t *testing.T, src string) *explorer.Result {
	t.Helper()
	res := mustCompile(t, src, nil)
	r, err := explorer.Explore(res.Program, explorer.Options{MaxStates: 100000})
	require.NoError(t, err)
	return r
}

// TestPartialRecordLiteral checks that fields missing from a record literal
// get their zero values (the low end of a range that excludes 0).
func TestPartialRecordLiteral(t *testing.T) {
	const decls = `
struct pt { x: 0..3; y: bool; z: 2..3; w: [2]bool }
var p: pt = { x: 1, y: true, z: 3, w: [true, true] }
process q {
    p = { x: 2 }
`
	r := explore(t, decls+"    assert p.x == 2 && !p.y && p.z == 2 && !p.w[0] && !p.w[1]\n}\n")
	assert.Equal(t, explorer.Holds, r.Verdict)
	r = explore(t, decls+"    assert p.y\n}\n")
	assert.Equal(t, explorer.Violated, r.Verdict, "the test can fail")
}

// TestConstantFolding compares the compiler's constant folding with the
// model's evaluation of the same operators on variables holding the same
// values: each assert reads (A op B) == (a op b), A folded, a evaluated.
func TestConstantFolding(t *testing.T) {
	values := []int64{-7, -3, -1, 0, 1, 2, 5}
	var b strings.Builder
	for i, v := range values {
		fmt.Fprintf(&b, "const C%d = %d\nvar v%d: -8..8 = %d\n", i, v, i, v)
	}
	b.WriteString("const T = 1\nvar bt: bool = true\nvar bf: bool = false\nprocess p {\n")
	n := 0
	for i := range values {
		fmt.Fprintf(&b, "    assert -C%d == -v%d\n", i, i)
		for j, w := range values {
			for _, op := range []string{"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">="} {
				if w == 0 && (op == "/" || op == "%") {
					continue
				}
				fmt.Fprintf(&b, "    assert (C%d %s C%d) == (v%d %s v%d)\n", i, op, j, i, op, j)
				n++
			}
		}
	}
	for _, x := range []string{"true", "false"} {
		for _, y := range []string{"true", "false"} {
			vx, vy := "b"+x[:1], "b"+y[:1]
			for _, op := range []string{"&&", "||", "=>", "==", "!="} {
				fmt.Fprintf(&b, "    assert (%s %s %s) == (%s %s %s)\n", x, op, y, vx, op, vy)
				n++
			}
		}
		fmt.Fprintf(&b, "    assert !%s == !b%s\n", x, x[:1])
	}
	b.WriteString("}\n")
	require.Greater(t, n, 500)
	r := explore(t, b.String())
	assert.Equal(t, explorer.Holds, r.Verdict, "%v", r.Violation)
}

// A spec saved with a UTF-8 byte order mark compiles, its first-line expect:
// comment included; positions count from after the mark.
func TestByteOrderMark(t *testing.T) {
	res := mustCompile(t, "\xef\xbb\xbf// expect: holds\nprocess p { skip }\n", nil)
	require.Len(t, res.Expect, 1)
	assert.Equal(t, "holds", res.Expect[0].String())
	assert.Equal(t, "1:4", res.Expect[0].Pos.String())
	_, err := compile.Compile("t.mc", []byte("process p { skip }\n\xef\xbb\xbf\n"), compile.Options{})
	require.Error(t, err)
	assert.Equal(t, "t.mc:2:1: illegal character U+FEFF", err.Error())
}
