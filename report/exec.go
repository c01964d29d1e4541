package report

import (
	"fmt"
	"unsafe"

	"mcheck/explorer"
	"mcheck/model"
)

// key turns a state into a map key.
func key(s []uint64) string {
	if len(s) == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*8))
}

func equalStates(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// execute replays ts from init with m and returns the states after each step
// and the violation the last step committed. It fails when a step is not
// enabled or a step before the last commits a violation.
func execute(m *model.Machine, init []uint64, ts []model.Trans) ([]explorer.Step, *model.Violation, error) {
	out := make([]explorer.Step, 0, len(ts))
	s := init
	for i, t := range ts {
		next, v, ok := m.Step(s, t)
		if !ok {
			return nil, nil, fmt.Errorf("step %d is not enabled", i+1)
		}
		if v != nil && i < len(ts)-1 {
			return nil, nil, fmt.Errorf("step %d commits %s %s", i+1, v.Kind, v.Property)
		}
		out = append(out, explorer.Step{Trans: t, State: next})
		s = next
		if v != nil {
			return out, v, nil
		}
	}
	return out, nil, nil
}

// transitions lists a trace's steps without their states.
func transitions(tr []explorer.Step) []model.Trans {
	out := make([]model.Trans, len(tr))
	for i, st := range tr {
		out[i] = st.Trans
	}
	return out
}

// Switches counts a trace's context switches (adjacent steps of different
// processes) and, among them, its preemptions: switches away from a process
// that still had an enabled step.
func Switches(p *model.Program, r *explorer.Result) (switches, preemptions int) {
	m := p.NewMachine()
	s := r.Initial
	for i, st := range r.Trace {
		if i > 0 {
			last := r.Trace[i-1].Trans.Pid
			if last != st.Trans.Pid {
				switches++
				if enabledPid(m, s, last) {
					preemptions++
				}
			}
		}
		s = st.State
	}
	return switches, preemptions
}

func enabledPid(m *model.Machine, s []uint64, pid int32) bool {
	for _, t := range m.Enabled(s) {
		if t.Pid == pid {
			return true
		}
	}
	return false
}

// stepViolation reports whether r's violation was committed by its last step
// (an assertion or misuse) rather than found in its last state (an invariant
// or a deadlock).
func stepViolation(r *explorer.Result) bool {
	v := r.Violation
	return v != nil && v.Kind != model.KindInvariant && v.Kind != model.KindDeadlock && !IsLiveness(v)
}

// IsLiveness reports whether v is a liveness counterexample (a lasso or a
// run that ends): its steps may not be reordered, since the property is
// owed in every state along it.
func IsLiveness(v *model.Violation) bool {
	return v != nil && (v.Kind == model.KindLiveness || v.Kind == model.KindStarvation)
}

// Confirm replays r's trace from its initial state and checks that it ends in
// r's violation: the same step violation, the same broken invariant in the
// final state, or a deadlock. It is how reordered and minimized traces are
// checked before they are shown.
func Confirm(p *model.Program, r *explorer.Result) error {
	m := p.NewMachine()
	steps, v, err := execute(m, r.Initial, transitions(r.Trace))
	if err != nil {
		return err
	}
	final := r.Initial
	if len(steps) > 0 {
		final = steps[len(steps)-1].State
	}
	for i := -1; i < len(steps)-1; i++ {
		s := r.Initial
		if i >= 0 {
			s = steps[i].State
		}
		if iv := m.CheckInvariants(s); iv != nil {
			return fmt.Errorf("invariant %s already fails after step %d", iv.Property, i+1)
		}
	}
	want := r.Violation
	if want == nil {
		return fmt.Errorf("no violation to confirm")
	}
	switch want.Kind {
	case model.KindInvariant:
		if v != nil {
			return fmt.Errorf("the last step commits %s %s", v.Kind, v.Property)
		}
		got := m.CheckInvariants(final)
		if got == nil || got.Property != want.Property {
			return fmt.Errorf("invariant %s holds in the final state", want.Property)
		}
	case model.KindDeadlock:
		// No step enabled, or a wait-for cycle among locks while others run.
		if v != nil || (len(m.Enabled(final)) > 0 && m.WaitCycle(final) == nil) || p.AllFinished(final) {
			return fmt.Errorf("the final state is not a deadlock")
		}
	default:
		if v == nil || v.Kind != want.Kind || v.Property != want.Property {
			return fmt.Errorf("the last step does not commit %s %s", want.Kind, want.Property)
		}
	}
	return nil
}
