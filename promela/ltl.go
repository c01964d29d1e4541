package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// Liveness properties go to SPIN as a never claim: the Büchi automaton of
// the negated formula, written out here rather than as an `ltl` block,
// because SPIN's LTL parser reads `->` as implication and our expressions
// use Promela's conditional (c -> a : b). The automata are the ones
// `spin -f` builds for the two shapes:
//
//	eventually Q:  <> (Q)            negated [] !Q
//	leadsto P ~> Q: [] ((P) -> <> (Q))  negated <> (P && [] !Q)
//
// A side that cannot be evaluated counts as false (model.EvalLiveness): a
// side is rendered as D && V. pan -a finds an acceptance cycle exactly when
// some run violates the formula; a run that ends stutters in its last state
// (SPIN's stutter extension), as ours does. Weak fairness is pan -a -f.

// liveness finds the property to export, or an error.
func (x *exporter) liveness() (*model.Liveness, error) {
	var found *model.Liveness
	for i := range x.p.Liveness {
		if l := &x.p.Liveness[i]; l.Name == x.opts.Liveness {
			if found != nil {
				return nil, fmt.Errorf("two liveness properties are named %s", l.Name)
			}
			found = l
		}
	}
	if found == nil {
		var names []string
		for _, l := range x.p.Liveness {
			names = append(names, l.Name)
		}
		return nil, fmt.Errorf("no liveness property %s (have: %s)", x.opts.Liveness, strings.Join(names, ", "))
	}
	return found, nil
}

// claimReads adds the slots the property reads, so that frames it reads
// become global variables (a never claim cannot read a d_step's locals).
func (x *exporter) claimReads(l *model.Liveness, into map[int]bool) {
	x.collectReads(l.P, into)
	x.collectReads(l.Q, into)
}

// side renders "e holds (and evaluates cleanly)" for the claim.
func (x *exporter) side(e *model.Expr) string {
	c := &exprCtx{x: x}
	return and(c.D(e), c.V(e))
}

// claim renders the never claim of property l's negation.
func (x *exporter) claim(l *model.Liveness) string {
	q := x.side(l.Q)
	var b strings.Builder
	if !l.Leadsto {
		fmt.Fprintf(&b, "/* liveness %s: <> (Q), Q = %s */\n", l.Name, comment(q))
		fmt.Fprintf(&b, "never {\t/* !<> (Q) */\naccept_init:\n\tdo\n\t:: %s\n\tod\n}\n", not(q))
		return b.String()
	}
	p := x.side(l.P)
	fmt.Fprintf(&b, "/* liveness %s: [] ((P) -> <> (Q)), P = %s, Q = %s */\n", l.Name, comment(p), comment(q))
	fmt.Fprintf(&b, "never {\t/* !([] ((P) -> <> (Q))) */\nT0_init:\n\tdo\n\t:: %s -> goto accept_S4\n\t:: 1\n\tod;\n", and(p, not(q)))
	fmt.Fprintf(&b, "accept_S4:\n\tdo\n\t:: %s\n\tod\n}\n", not(q))
	return b.String()
}
