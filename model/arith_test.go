package model

import (
	"math/rand"
	"testing"
)

// TestIntervalSound: for every operator, Interval's bounds contain every
// value Apply gives over the operand intervals, and Interval says "may
// fail" whenever some right operand is outside the domain.
func TestIntervalSound(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	box := func() (int64, int64) {
		a, b := int64(r.Intn(81)-40), int64(r.Intn(81)-40)
		if r.Intn(3) == 0 { // small, often non-negative ranges
			a, b = int64(r.Intn(9)), int64(r.Intn(9))
		}
		return min(a, b), max(a, b)
	}
	for op := range arithFns {
		for trial := 0; trial < 300; trial++ {
			xl, xh := box()
			yl, yh := box()
			if IsUnary(op) {
				yl, yh = 0, 0
			}
			lo, hi, ok := Interval(op, xl, xh, yl, yh)
			for x := xl; x <= xh; x++ {
				for y := yl; y <= yh; y++ {
					v, defined := Apply(op, x, y)
					if !defined {
						if ok {
							t.Fatalf("op %d on %d..%d, %d..%d: %d, %d is undefined but Interval says ok", op, xl, xh, yl, yh, x, y)
						}
						continue
					}
					if v < lo || v > hi {
						t.Fatalf("op %d on %d..%d, %d..%d: %d, %d gives %d outside %d..%d", op, xl, xh, yl, yh, x, y, v, lo, hi)
					}
				}
			}
		}
	}
}

// TestApplyTable pins the semantics the README states (C's, in 64 bits).
func TestApplyTable(t *testing.T) {
	cases := []struct {
		op   ExprOp
		x, y int64
		want int64
		ok   bool
	}{
		{EDiv, -7, 2, -3, true}, {EMod, -7, 2, -1, true}, {EDiv, 1, 0, 0, false},
		{EBitAnd, 9, 8, 8, true}, {EBitOr, 5, 2, 7, true}, {EBitXor, 7, 3, 4, true},
		{EBitNot, 9, 0, -10, true}, {EBitAnd, -1, 6, 6, true},
		{EShl, 3, 2, 12, true}, {EShl, -3, 1, -6, true}, {EShr, -9, 1, -5, true}, {EShr, 9, 1, 4, true},
		{EShl, 1, 31, 1 << 31, true}, {EShl, 1, 32, 0, false}, {EShr, 1, -1, 0, false},
		{EImpl, 0, 0, 1, true}, {EAnd, 1, 0, 0, true}, {ELeq, 2, 2, 1, true},
	}
	for _, c := range cases {
		v, ok := Apply(c.op, c.x, c.y)
		if v != c.want || ok != c.ok {
			t.Errorf("Apply(%d, %d, %d) = %d, %v; want %d, %v", c.op, c.x, c.y, v, ok, c.want, c.ok)
		}
	}
}
