package model

import (
	"strings"
	"testing"
)

// TestPrimsFailClosed: each part of every registered primitive panics,
// naming the operation, when asked about an operation it does not own,
// instead of answering a default.
func TestPrimsFailClosed(t *testing.T) {
	prims := primsWhere(func(d *Prim) bool { return d.sem != nil })
	if len(prims) < 9 {
		t.Fatalf("%d primitives with semantics registered, want at least 9", len(prims))
	}
	for _, d := range prims {
		k, sem, name := d.Kind, d.sem, d.Name
		var h hold
		f := &primFoot{kind: k}
		for part, call := range map[string]func(){
			"guard":      func() { sem.guard(bogusOp) },
			"exec":       func() { sem.exec(bogusOp, &opSite{}) },
			"call":       func() { sem.call(bogusOp) },
			"footprint":  func() { sem.footprint(bogusOp, f) },
			"blocked":    func() { sem.blocked(bogusOp, nil, nil, 0, 0, "x") },
			"blockers":   func() { sem.blockers(bogusOp, nil, nil, 0, 0) },
			"transfer":   func() { sem.transfer(bogusOp, 0, &h) },
			"tryTake":    func() { sem.tryTake(bogusOp, &h, true) },
			"mayViolate": func() { sem.mayViolate(bogusOp, h, nil, nil) },
		} {
			if msg := panicOf(call); !strings.Contains(msg, "unknown") || !strings.Contains(msg, "200") {
				t.Errorf("%s %s: panic %q, want one naming the unknown operation", name, part, msg)
			}
		}
	}
}

// TestMemPrimsFailClosed: RCU's and the pools' semantics panic, naming the
// operation, on an operation their descriptor does not own.
func TestMemPrimsFailClosed(t *testing.T) {
	p := tinyProgram([]Node{{Kind: NEnd, Boundary: true}})
	pr := p.Procs[0]
	fc := &footCollector{p: p, pr: pr, fp: &Footprint{Reads: newSlotSet(2), Writes: newSlotSet(2)}}
	bad := &Node{Kind: NSync, Op: bogusOp, Obj: mRef}
	for _, k := range []TypeKind{TRcu, TPool} {
		ms := primOf(k).mem
		var h hold
		for part, call := range map[string]func(){
			"exec":       func() { ms.exec(p, bad, pr) },
			"guard":      func() { ms.guard(p, bad, pr) },
			"call":       func() { ms.call(p, bogusOp, nil) },
			"footprint":  func() { ms.footprint(fc, bogusOp, 0, 0, fc.fp.Reads) },
			"transfer":   func() { ms.transfer(bogusOp, &h) },
			"mayViolate": func() { ms.mayViolate(p, bogusOp, h) },
			"blocked":    func() { ms.blocked(p, bogusOp, nil, 0, 0) },
		} {
			if msg := panicOf(call); !strings.Contains(msg, "unknown") || !strings.Contains(msg, "200") {
				t.Errorf("%v %s: panic %q, want one naming the unknown operation", &Type{Kind: k}, part, msg)
			}
		}
	}
}
