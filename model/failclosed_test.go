package model

import (
	"fmt"
	"strings"
	"testing"
)

// tinyProgram is one process with the given nodes, a mutex m at slot 0 and
// its pc at slot 1. Node 0 is the entry; the last node should be NEnd.
func tinyProgram(nodes []Node) *Program {
	t := &ProcType{Name: "p", Count: 1, FrameSize: 1, Nodes: nodes, Labels: map[string]int{}}
	return &Program{
		Name:    "tiny",
		Slots:   []Slot{{Name: "m.owner", Lo: 0, Hi: 1}, {Name: "p.pc", Lo: 0, Hi: int64(len(nodes))}},
		Init:    []int64{0, 0},
		Globals: []Var{{Name: "m", Type: &Type{Kind: TMutex, Slots: 1}, Base: 0}},
		Types:   []*ProcType{t},
		Procs:   []*Proc{{Type: t, Pid: 0, Frame: 1}},
	}
}

const bogusOp = SyncOp(200)

var mRef = &Ref{Base: 0, Name: "m"}

// TestLinkRejectsUnknownOps: a program with an operation the semantics do
// not know fails to link with an error naming it, instead of linking a
// step that does nothing (issue 9, item 10).
func TestLinkRejectsUnknownOps(t *testing.T) {
	end := Node{Kind: NEnd, Boundary: true}
	for _, tc := range []struct {
		name string
		node Node
		want string
	}{
		{"sync op", Node{Kind: NSync, Op: bogusOp, Obj: mRef, ObjKind: TMutex, Boundary: true, Next: 1},
			"unknown sync operation SyncOp(200)"},
		{"query as statement", Node{Kind: NSync, Op: OpMutexIsLocked, Obj: mRef, ObjKind: TMutex, Boundary: true, Next: 1},
			"unknown sync operation mutex_is_locked"},
		{"statement op in an expression", Node{Kind: NAssert, Boundary: true, Next: 1,
			Cond: &Expr{Op: ECall, Sync: OpMutexLock, Args: []*Expr{{Op: ELoad, Ref: mRef}}}},
			"unknown sync operation mutex_lock"},
		{"bogus call", Node{Kind: NAssert, Boundary: true, Next: 1,
			Cond: &Expr{Op: ECall, Sync: bogusOp, Args: []*Expr{{Op: ELoad, Ref: mRef}}}},
			"unknown sync operation SyncOp(200)"},
		{"expression op", Node{Kind: NAssert, Boundary: true, Next: 1,
			Cond: &Expr{Op: ExprOp(99), X: &Expr{Op: EConst}, Y: &Expr{Op: EConst}}},
			"unknown expression operator 99"},
		{"node kind", Node{Kind: NodeKind(42), Boundary: true, Next: 1}, "unknown node kind 42"},
	} {
		p := tinyProgram([]Node{tc.node, end})
		err := p.Link()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Link() = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// The same program with a known operation links: the checks are not vacuous.
	ok := tinyProgram([]Node{{Kind: NSync, Op: OpMutexLock, Obj: mRef, ObjKind: TMutex, Boundary: true, Next: 1}, end})
	if err := ok.Link(); err != nil {
		t.Fatalf("a good program fails to link: %v", err)
	}
}

// TestSwitchesFailClosed calls each semantic switch directly with an
// operation it does not know: each must panic naming it (Link and Explore
// turn that into an error), none may return a default.
func TestSwitchesFailClosed(t *testing.T) {
	p := tinyProgram([]Node{{Kind: NSync, Op: OpMutexLock, Obj: mRef, ObjKind: TMutex, Boundary: true, Next: 1},
		{Kind: NEnd, Boundary: true}})
	if err := p.Link(); err != nil {
		t.Fatal(err)
	}
	pr := p.Procs[0]
	bad := &Node{Kind: NSync, Op: bogusOp, Obj: mRef, ObjKind: TMutex}
	badKind := &Node{Kind: NodeKind(42)}
	badExpr := &Expr{Op: ExprOp(99), X: &Expr{Op: EConst}, Y: &Expr{Op: EConst}}
	badCall := &Expr{Op: ECall, Sync: bogusOp, Args: []*Expr{{Op: ELoad, Ref: mRef}}}
	fc := footCollector{p: p, pr: pr, fp: &Footprint{Reads: newSlotSet(2), Writes: newSlotSet(2), Guard: newSlotSet(2)}}
	iv := intervals{p: p, pr: pr}
	for name, f := range map[string]func(){
		"execNode kind":       func() { p.execNode(badKind, pr) },
		"guard kind":          func() { p.guard(badKind, pr) },
		"syncGuard":           func() { p.syncGuard(bad, pr) },
		"syncExec":            func() { p.syncExec(bad, pr) },
		"call":                func() { p.call(badCall, pr) },
		"expr":                func() { p.expr(badExpr, 0) },
		"footprint sync":      func() { fc.sync(bogusOp, TMutex, mRef, fc.fp.Reads) },
		"footprint guard":     func() { fc.guard(bad) },
		"footprint node kind": func() { fc.node(badKind) },
		"footprint expr":      func() { fc.expr(&Expr{Op: ExprOp(99)}, fc.fp.Reads) },
		"hold analysis op":    func() { p.transfer(bad, 0, holdState{m: map[int]hold{}}) },
		"hold analysis kind":  func() { p.transfer(badKind, 0, holdState{m: map[int]hold{}}) },
		"nodeMayViolate kind": func() { p.nodeMayViolate(pr, badKind, holdState{m: map[int]hold{}}) },
		"syncMayViolate":      func() { p.syncMayViolate(pr, bad, holdState{m: map[int]hold{}}, &iv) },
		"intervals":           func() { iv.of(badExpr) },
		"rcuFootprint":        func() { fc.rcuFootprint(bogusOp, 0, 0, fc.fp.Reads) },
	} {
		msg := panicOf(f)
		if !strings.Contains(msg, "unknown") || !(strings.Contains(msg, "200") || strings.Contains(msg, "42") || strings.Contains(msg, "99")) {
			t.Errorf("%s: panic %q, want one naming the unknown operation", name, msg)
		}
	}
}

func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return "no panic"
}
