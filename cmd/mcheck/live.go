package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"mcheck/explorer"
	"mcheck/model"
)

// liveFlags select the liveness questions asked after the safety search.
type liveFlags struct {
	fairness   string
	starvation bool
	liveness   string
}

func (f *liveFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.fairness, "fairness", "", "override every process type's fairness for liveness: weak, strong or none (default: the spec's, weak unless a process says otherwise)")
	fs.BoolVar(&f.starvation, "starvation", false, "also check that every process that has not finished eventually makes progress (reaches a statement labelled progress..., or finishes) on every fair run")
	fs.StringVar(&f.liveness, "liveness", "on", "check the spec's eventually/leadsto properties after the safety search: on or off")
}

func (f *liveFlags) validate() error {
	if f.fairness != "" {
		if _, ok := model.ParseFairness(f.fairness); !ok {
			return usageErr("--fairness %q: want weak, strong or none", f.fairness)
		}
	}
	if f.liveness != "on" && f.liveness != "off" {
		return usageErr("--liveness %q: want on or off", f.liveness)
	}
	return nil
}

// checkLiveness asks each liveness question of p in turn, once the safety
// search holds: the first that fails, or does not finish, is the result;
// otherwise the safety result stands, with the largest liveness search's
// figures noted.
func (f *liveFlags) checkLiveness(p *model.Program, opts explorer.Options, safety *explorer.Result) (*explorer.Result, error) {
	if safety.Verdict != explorer.Holds || f.liveness == "off" {
		return safety, nil
	}
	if f.fairness != "" {
		fair, _ := model.ParseFairness(f.fairness)
		opts.Fairness = &fair
	}
	var checks []explorer.LiveCheck
	for i, l := range p.Liveness {
		if l.Instance > 0 && l.ByIndex && opts.Symmetry && p.Symmetry().Interchangeable(l.Forall) {
			safety.LiveRenamed++ // a renaming of instance 0's property, which is checked
			continue
		}
		checks = append(checks, explorer.LiveCheck{Property: i})
	}
	if f.starvation {
		checks = append(checks, explorer.LiveCheck{Starvation: true})
	}
	res := safety
	for _, c := range checks {
		r, err := explorer.ExploreLiveness(p, c, opts)
		if err != nil {
			return nil, fmt.Errorf("mcheck: %v", err)
		}
		if r.Verdict != explorer.Holds {
			if r.Verdict == explorer.Incomplete {
				r.Reason = fmt.Sprintf("safety holds over %d states, but the liveness search of %s stopped: %s",
					safety.Stats.States, liveName(p, c), r.Reason)
			}
			return r, nil
		}
		res.Live = append(res.Live, r.Stats)
	}
	return res, nil
}

func liveName(p *model.Program, c explorer.LiveCheck) string {
	if c.Starvation {
		return "starvation"
	}
	return p.Liveness[c.Property].Name
}
