package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// Liveness properties go to SPIN as named never claims: the Büchi automata
// of the negated formulas, written out here rather than as `ltl` blocks,
// because SPIN's LTL parser reads `->` as implication and our expressions
// use Promela's conditional (c -> a : b). The automata are the ones
// `spin -f` builds for the two shapes:
//
//	eventually Q:   <> (Q)              negated: [] !Q
//	leadsto P ~> Q: [] ((P) -> <> (Q))  negated: <> (P && [] !Q)
//
// A side that cannot be evaluated counts as false (model.EvalLiveness), so
// a side is rendered as D && V. pan -a -N ClaimName(k) finds an acceptance
// cycle exactly when some run violates the k-th property of Options.Liveness; a run that ends stutters
// in its last state (SPIN's stutter extension), as ours does. pan -f is
// weak fairness for every process, without the strong fairness that our
// search gives lock waits (explorer.Options.NoLockQueues).

// ClaimName is the name of the never claim of Options.Liveness[k].
func ClaimName(k int) string { return fmt.Sprintf("mc_live%d", k) }

// liveness resolves Options.Liveness to property indices.
func (x *exporter) liveness() ([]int, error) {
	var out []int
	for _, want := range x.opts.Liveness {
		found := -1
		for i, l := range x.p.Liveness {
			if l.Name != want {
				continue
			}
			if found >= 0 {
				return nil, fmt.Errorf("two liveness properties are named %s", want)
			}
			found = i
		}
		if found < 0 {
			var names []string
			for _, l := range x.p.Liveness {
				names = append(names, l.Name)
			}
			return nil, fmt.Errorf("no liveness property %s (have: %s)", want, strings.Join(names, ", "))
		}
		out = append(out, found)
	}
	return out, nil
}

// side renders "e holds (and evaluates cleanly)" for a claim.
func (x *exporter) side(e *model.Expr) string {
	c := &exprCtx{x: x}
	return and(c.D(e), c.V(e))
}

// claim renders the never claim of property i's negation, named for k.
func (x *exporter) claim(k, i int) string {
	l := &x.p.Liveness[i]
	q := x.side(l.Q)
	var b strings.Builder
	if !l.Leadsto {
		fmt.Fprintf(&b, "/* liveness %s: <> (Q), Q = %s */\n", comment(l.Name), comment(q))
		fmt.Fprintf(&b, "never %s {\t/* !<> (Q) */\naccept_init:\n\tdo\n\t:: %s\n\tod\n}\n\n", ClaimName(k), not(q))
		return b.String()
	}
	p := x.side(l.P)
	fmt.Fprintf(&b, "/* liveness %s: [] ((P) -> <> (Q)), P = %s, Q = %s */\n", comment(l.Name), comment(p), comment(q))
	fmt.Fprintf(&b, "never %s {\t/* !([] ((P) -> <> (Q))) */\nT0_init:\n\tdo\n\t:: %s -> goto accept_S4\n\t:: 1\n\tod;\n", ClaimName(k), and(p, not(q)))
	fmt.Fprintf(&b, "accept_S4:\n\tdo\n\t:: %s\n\tod\n}\n\n", not(q))
	return b.String()
}
