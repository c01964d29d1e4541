package model

import (
	"strings"
	"testing"
)

// TestNewPrimsFailClosed: each part of a primitive added after the
// descriptor refactor panics, naming the operation, when asked about an
// operation it does not own, instead of answering a default.
func TestNewPrimsFailClosed(t *testing.T) {
	for _, k := range []TypeKind{TCompletion, TWaitQueue, TRefcount, TPercpuRwsem} {
		sem := semOf("test", k)
		name := primsByKind[k].Name
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
