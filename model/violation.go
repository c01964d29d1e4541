package model

import (
	"fmt"
	"strings"
)

// Kind classifies a violation.
type Kind string

// Violation kinds.
const (
	KindInvariant Kind = "invariant"
	KindAssertion Kind = "assertion"
	KindMisuse    Kind = "misuse"   // a sync object used against its rules
	KindDeadlock  Kind = "deadlock" // no step enabled, or processes waiting on each other's locks (waitfor.go)
	KindRange     Kind = "range"    // a value stored outside its variable's range
	KindIndex     Kind = "index"    // an array index out of bounds
	KindArith     Kind = "arith"    // division by zero
	KindAtomic    Kind = "atomic"   // an atomic block that does not terminate

	// KindLockHeldAtExit: a process ended holding a lock (lockdep's "lock
	// held when returning to user space"); see exit.go.
	KindLockHeldAtExit Kind = "lock_held_at_exit"
	// Liveness (explorer.ExploreLiveness): a fair run that breaks an
	// eventually/leadsto property, or on which a process never makes progress.
	KindLiveness   Kind = "liveness"
	KindStarvation Kind = "starvation"
)

// Violation says which property a state or step breaks, and why.
type Violation struct {
	Kind     Kind
	Property string // invariant name; assertion message; the rule broken
	Pid      int    // the process whose step broke it; -1 for states
	Pos      Pos    // where in the source, if known
	// Inlines are the inline expansions the violating statement lies in,
	// outermost first (Pos is then in the innermost inline's body).
	Inlines []InlineFrame
	Msg     string // a sentence for people
}

func (v *Violation) Error() string {
	return fmt.Sprintf("%s %s: %s", v.Kind, v.Property, v.Msg)
}

// Matches reports whether an expectation word ("deadlock", a kind, or a
// property name) names this violation.
// A quantified liveness property's instance, "done[fault[1]]", also
// answers to its declared name, "done".
func (v *Violation) Matches(word string) bool {
	return word == string(v.Kind) || word == v.Property ||
		(v.Kind == KindLiveness && strings.HasPrefix(v.Property, word+"["))
}
