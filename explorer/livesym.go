package explorer

import (
	"fmt"

	"mcheck/model"
)

// Symmetry reduction in the liveness search (doc.go, "Liveness under
// reduction"): the product stores one canonical state per permutation of
// interchangeable instances, but only when that cannot change the answer:
// the property reads nothing of the permuted instances, and none of them
// has fairness (so a cycle of canonical states, a path from s to a
// permutation of s in the real graph, is judged on the processes that no
// permutation moves). A counterexample is searched for again without
// symmetry, which gives a lasso of real states.

// liveSymmetryOff says why the question cannot use symmetry reduction, or
// "" when it can (or the program has none).
func liveSymmetryOff(p *model.Executable, check LiveCheck, fair []model.Fairness) string {
	sy := p.Symmetry()
	if sy == nil {
		return ""
	}
	if check.Starvation {
		return "starvation names the starving process"
	}
	reads := p.LivenessReads(check.Property)
	for _, t := range p.Types {
		if !sy.Interchangeable(t) {
			continue
		}
		for _, pr := range p.Procs {
			if pr.Type != t {
				continue
			}
			for k := 0; k < t.FrameSize; k++ {
				if reads.Has(pr.Frame + k) {
					return fmt.Sprintf("the property names %s's instances", t.Name)
				}
			}
			if f := fair[pr.Pid]; f != model.FairNone {
				return fmt.Sprintf("%s has %s fairness", t.Name, f)
			}
		}
	}
	return ""
}

// confirm re-runs a violation found under symmetry reduction without it:
// the lasso of canonical states is not a run of real states. The verdicts
// must agree (both searches are exact); a disagreement is an error, never
// a silent holds.
func confirm(p *model.Executable, check LiveCheck, opts Options, r *Result) (*Result, error) {
	if r.Verdict != Violated {
		return r, nil
	}
	opts.Symmetry = false
	plain, err := ExploreLiveness(p.Program, check, opts)
	if err != nil || plain.Verdict == Incomplete {
		return plain, err
	}
	if plain.Verdict != Violated {
		return nil, fmt.Errorf("internal error exploring %s: the liveness search found a violation under symmetry reduction and none without", p.Name)
	}
	plain.Stats.LiveSymmetryOff = "a counterexample is searched for again without it"
	return plain, nil
}
