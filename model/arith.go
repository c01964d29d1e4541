package model

import (
	"fmt"
	"math/bits"
)

// The arithmetic of the spec language, defined once: the compiler folds
// constants with Apply, the evaluator runs the functions Func returns, the
// analysis bounds values with Interval, and the Promela export asserts
// Domain before the operations it spells in C. Values are int64; a stored
// value is range-checked at the store, so bitwise results, like sums, may
// leave the variable's range and are a violation `range` only when stored.

// MaxShift is the largest shift count: SPIN computes in C int (32 bits),
// where shifting by 32 or more is undefined.
const MaxShift = 31

// Domain is the set of right operands for which a binary operator is
// defined; outside it the operation is a violation `arith` (an error in a
// constant expression).
type Domain struct {
	Partial bool  // false: defined everywhere
	NonZero bool  // the operand must not be 0
	Lo, Hi  int64 // else it must lie in Lo..Hi
}

// Contains reports whether y is in the domain.
func (d Domain) Contains(y int64) bool {
	if !d.Partial {
		return true
	}
	if d.NonZero {
		return y != 0
	}
	return y >= d.Lo && y <= d.Hi
}

// RightDomain is op's domain. Only binary operators have one.
func RightDomain(op ExprOp) Domain {
	switch op {
	case EDiv, EMod:
		return Domain{Partial: true, NonZero: true}
	case EShl, EShr:
		return Domain{Partial: true, Lo: 0, Hi: MaxShift}
	}
	return Domain{}
}

// ArithError is the message for op applied to a right operand y outside
// its domain.
func ArithError(op ExprOp, y int64) string {
	if op == EShl || op == EShr {
		return fmt.Sprintf("shift count %d out of range 0..%d", y, MaxShift)
	}
	return "division by zero"
}

// IsLogic reports whether op is &&, || or =>, whose right operand is
// evaluated only when the left one does not decide the value.
func IsLogic(op ExprOp) bool { return op == EAnd || op == EOr || op == EImpl }

// Decides returns the value of logic operator op when its left operand x
// alone decides it.
func Decides(op ExprOp, x int64) (v int64, ok bool) {
	switch {
	case op == EAnd && x == 0:
		return 0, true
	case op == EOr && x != 0, op == EImpl && x == 0:
		return 1, true
	}
	return 0, false
}

// IsUnary reports whether op takes one operand (X).
func IsUnary(op ExprOp) bool { return op == ENot || op == ENeg || op == EBitNot }

var arithFns = map[ExprOp]func(x, y int64) int64{
	ENot:    func(x, _ int64) int64 { return b2i(x == 0) },
	ENeg:    func(x, _ int64) int64 { return -x },
	EBitNot: func(x, _ int64) int64 { return ^x },
	EAdd:    func(x, y int64) int64 { return x + y },
	ESub:    func(x, y int64) int64 { return x - y },
	EMul:    func(x, y int64) int64 { return x * y },
	EDiv:    func(x, y int64) int64 { return x / y }, // truncates toward zero, as C
	EMod:    func(x, y int64) int64 { return x % y }, // the sign of x, as C
	EBitAnd: func(x, y int64) int64 { return x & y }, // two's complement, as C
	EBitOr:  func(x, y int64) int64 { return x | y },
	EBitXor: func(x, y int64) int64 { return x ^ y },
	EShl:    func(x, y int64) int64 { return x << uint(y) },
	EShr:    func(x, y int64) int64 { return x >> uint(y) }, // arithmetic, as gcc
	EEq:     func(x, y int64) int64 { return b2i(x == y) },
	ENeq:    func(x, y int64) int64 { return b2i(x != y) },
	ELt:     func(x, y int64) int64 { return b2i(x < y) },
	ELeq:    func(x, y int64) int64 { return b2i(x <= y) },
	EGt:     func(x, y int64) int64 { return b2i(x > y) },
	EGeq:    func(x, y int64) int64 { return b2i(x >= y) },
	EAnd:    func(x, y int64) int64 { return b2i(x != 0 && y != 0) },
	EOr:     func(x, y int64) int64 { return b2i(x != 0 || y != 0) },
	EImpl:   func(x, y int64) int64 { return b2i(x == 0 || y != 0) },
}

// Func returns op's function on values already checked against
// RightDomain; ok is false for an operator that is not arithmetic.
func Func(op ExprOp) (f func(x, y int64) int64, ok bool) {
	f, ok = arithFns[op]
	return f, ok
}

// Apply applies op to x (and y); ok is false when y is outside op's domain
// or op is not arithmetic.
func Apply(op ExprOp, x, y int64) (v int64, ok bool) {
	f, known := arithFns[op]
	if !known || !RightDomain(op).Contains(y) {
		return 0, false
	}
	return f(x, y), true
}

// Interval bounds op over x in xl..xh and y in yl..yh (y ignored for
// unary operators), within ±ivCap; ok is false when some y is outside the
// domain, so that evaluating may commit a violation.
func Interval(op ExprOp, xl, xh, yl, yh int64) (lo, hi int64, ok bool) {
	d := RightDomain(op)
	ok = !d.Partial || (d.NonZero && (yl > 0 || yh < 0)) || (!d.NonZero && yl >= d.Lo && yh <= d.Hi)
	switch op {
	case ENeg:
		return clampIv(-xh), clampIv(-xl), true
	case EBitNot:
		return clampIv(-xh - 1), clampIv(-xl - 1), true
	case EAdd:
		return clampIv(xl + yl), clampIv(xh + yh), true
	case ESub:
		return clampIv(xl - yh), clampIv(xh - yl), true
	case EMul:
		lo, hi = corners(xl, xh, yl, yh, func(a, b int64) int64 { return a * b })
		return clampIv(lo), clampIv(hi), true
	case EDiv, EMod:
		m := max(abs(xl), abs(xh))
		return -m, m, ok
	case EShl, EShr:
		yl, yh = max(yl, 0), min(yh, MaxShift)
		if yl > yh {
			return 0, 0, ok
		}
		lo, hi = corners(xl, xh, yl, yh, func(a, b int64) int64 { return shiftIv(op, a, b) })
		return lo, hi, ok
	case EBitAnd, EBitOr, EBitXor:
		lo, hi = bitwiseIv(op, xl, xh, yl, yh)
		return lo, hi, true
	case ENot, EEq, ENeq, ELt, ELeq, EGt, EGeq, EAnd, EOr, EImpl:
		return 0, 1, true
	}
	panic(unknownExpr("intervals", op))
}

// corners bounds f over a box where f is monotone in each argument (the
// products, and shifts, whose extremes lie at the corners).
func corners(xl, xh, yl, yh int64, f func(a, b int64) int64) (lo, hi int64) {
	ps := [4]int64{f(xl, yl), f(xl, yh), f(xh, yl), f(xh, yh)}
	lo, hi = ps[0], ps[0]
	for _, v := range ps[1:] {
		lo, hi = min(lo, v), max(hi, v)
	}
	return lo, hi
}

// shiftIv is a shift saturated at ±ivCap (a, b within ±ivCap, 0 <= b <= MaxShift).
func shiftIv(op ExprOp, a, b int64) int64 {
	if op == EShr {
		return a >> uint(b)
	}
	if a == 0 {
		return 0
	}
	if abs(a) > ivCap>>uint(b) {
		if a < 0 {
			return -ivCap
		}
		return ivCap
	}
	return a << uint(b)
}

// bitwiseIv bounds & | ^: within the smallest two's complement width that
// holds both operands, and for & of a non-negative operand, 0..that operand.
func bitwiseIv(op ExprOp, xl, xh, yl, yh int64) (lo, hi int64) {
	w := bits.Len64(uint64(max(abs(xl), abs(xh), abs(yl), abs(yh))))
	lo, hi = -(int64(1) << w), int64(1)<<w-1
	if xl >= 0 && yl >= 0 {
		lo = 0
	}
	if op == EBitAnd {
		switch {
		case xl >= 0 && yl >= 0:
			hi = min(xh, yh)
		case xl >= 0:
			lo, hi = 0, xh
		case yl >= 0:
			lo, hi = 0, yh
		}
	}
	return clampIv(lo), clampIv(hi)
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
