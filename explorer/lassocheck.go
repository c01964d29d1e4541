package explorer

import (
	"fmt"

	"mcheck/model"
)

// CheckLasso re-checks a liveness counterexample from the definitions, for
// replay: trace runs from p's initial state (its steps already replayed);
// its last cycle steps repeat forever, or with cycle 0 the run ends there.
// victim is the starving process (check.Starvation). It returns nil when the
// trace is a fair run on which the property fails, else what is wrong.
func CheckLasso(prog *model.Program, check LiveCheck, fair *model.Fairness, victim int, trace []Step, cycle int) error {
	p, err := executable(prog)
	if err != nil {
		return err
	}
	m := p.NewMachine()
	states := [][]uint64{p.Initial()}
	for _, st := range trace {
		states = append(states, st.State)
	}
	loop := len(trace) - cycle
	last := states[len(states)-1]
	if cycle == 0 && len(m.Enabled(last)) > 0 {
		return fmt.Errorf("the trace has no cycle, and it does not end: a step is still enabled after it")
	}
	if cycle > 0 && !equal(states[loop], last) {
		return fmt.Errorf("the cycle (steps %d-%d) does not return to the state after step %d", loop+1, len(trace), loop)
	}
	owed := states[loop:]
	if cycle > 0 {
		owed = states[loop : len(states)-1]
	}
	if err := checkOwed(p, m, check, victim, states, loop, owed, trace); err != nil {
		return err
	}
	if cycle > 0 {
		return checkFair(p, m, fair, owed, trace[loop:])
	}
	return nil
}

// checkOwed checks that the property is owed along the lasso's loop part.
func checkOwed(p *model.Executable, m *model.Machine, check LiveCheck, victim int, states [][]uint64, loop int, owed [][]uint64, trace []Step) error {
	if check.Starvation {
		if victim < 0 || victim >= len(p.Procs) {
			return fmt.Errorf("no starving process named")
		}
		for k, s := range owed {
			if p.Finished(s, victim) {
				return fmt.Errorf("%s has finished after step %d", p.Procs[victim].Name(), loop+k)
			}
		}
		for k := loop; k < len(trace); k++ {
			if t := trace[k].Trans; int(t.Pid) == victim && p.IsProgress(states[k], t) {
				return fmt.Errorf("step %d is a progress step of %s", k+1, p.Procs[victim].Name())
			}
		}
		return nil
	}
	l := p.Liveness[check.Property]
	pending := false
	for k, s := range states {
		pt, q, _ := m.EvalLiveness(s, check.Property)
		if !l.Leadsto {
			pt = k == 0
		}
		pending = (pending || pt) && !q
		if k >= loop && !pending {
			return fmt.Errorf("after step %d nothing is owed: %s is satisfied", k, l.Name)
		}
	}
	return nil
}

// checkFair checks that the cycle (its states and steps) is a fair run.
func checkFair(p *model.Executable, m *model.Machine, fair *model.Fairness, cycle [][]uint64, steps []Step) error {
	for pid, pr := range p.Procs {
		f := pr.Type.Fairness
		if fair != nil {
			f = *fair
		}
		stepped, always, ever, atLock := false, true, false, false
		for _, st := range steps {
			stepped = stepped || int(st.Trans.Pid) == pid
		}
		for _, s := range cycle {
			on := false
			for _, t := range m.Enabled(s) {
				on = on || int(t.Pid) == pid
			}
			always, ever = always && on, ever || on
			atLock = atLock || (on && p.WaitsForLock(s, pid))
		}
		switch {
		case stepped || f == model.FairNone:
		case atLock:
			return fmt.Errorf("unfair: %s can take the lock it waits for in the cycle and never does", pr.Name())
		case f == model.FairWeak && always:
			return fmt.Errorf("unfair: %s is enabled in every state of the cycle and takes no step", pr.Name())
		case f == model.FairStrong && ever:
			return fmt.Errorf("unfair: %s (strong fairness) is enabled in the cycle and takes no step", pr.Name())
		}
	}
	return nil
}
