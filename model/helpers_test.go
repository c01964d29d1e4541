package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
	"mcheck/specs/compile"
)

// The primitives' tests declare their processes exits_locked: they stop
// mid-protocol on purpose, and the exit check (exit.go) has its own tests.

// compileSpec compiles a spec given as a string.
func compileSpec(t *testing.T, src string) *model.Program {
	t.Helper()
	res, err := compile.Compile("test.mc", []byte(src), compile.Options{})
	require.NoError(t, err)
	return res.Program
}

// driver runs a program one chosen step at a time.
type driver struct {
	t   *testing.T
	raw string
	p   *model.Program
	m   *model.Machine
	s   []uint64
}

func newDriver(t *testing.T, src string) *driver {
	t.Helper()
	p := compileSpec(t, src)
	return &driver{t: t, raw: src, p: p, m: p.NewMachine(), s: p.Initial()}
}

// src is the driver's spec, to start it again from the initial state.
func (d *driver) src() string { return d.raw }

func (d *driver) pid(proc string) int {
	d.t.Helper()
	for _, pr := range d.p.Procs {
		if pr.Name() == proc {
			return pr.Pid
		}
	}
	d.t.Fatalf("no process %q", proc)
	return -1
}

// enabled renders the enabled steps as "proc: statement", in Enabled's order.
func (d *driver) enabled() []string {
	var out []string
	for _, tr := range d.m.Enabled(d.s) {
		_, text := d.p.Location(int(tr.Pid), int(tr.Node))
		out = append(out, d.p.Procs[tr.Pid].Name()+": "+text)
	}
	return out
}

// requireEnabled checks the exact list of enabled steps.
func (d *driver) requireEnabled(want ...string) {
	d.t.Helper()
	if len(want) == 0 {
		want = nil
	}
	require.Equal(d.t, want, d.enabled())
}

// try takes proc's only enabled step and returns the violation it commits.
func (d *driver) try(proc string) *model.Violation {
	d.t.Helper()
	pid := d.pid(proc)
	var ts []model.Trans
	for _, tr := range d.m.Enabled(d.s) {
		if int(tr.Pid) == pid {
			ts = append(ts, tr)
		}
	}
	require.Len(d.t, ts, 1, "enabled steps of %s in %v", proc, d.enabled())
	next, v, ok := d.m.Step(d.s, ts[0])
	require.True(d.t, ok, "Step refused an enabled step of %s", proc)
	d.s = next
	return v
}

// step takes proc's only enabled step, which must not commit a violation.
func (d *driver) step(proc string) {
	d.t.Helper()
	v := d.try(proc)
	require.Nil(d.t, v, "step of %s", proc)
}

// steps takes several steps in order.
func (d *driver) steps(procs ...string) {
	d.t.Helper()
	for _, pr := range procs {
		d.step(pr)
	}
}

// requireBlocked checks that Step refuses proc's statement at its pc.
func (d *driver) requireBlocked(proc string) {
	d.t.Helper()
	pid := d.pid(proc)
	require.False(d.t, d.p.Finished(d.s, pid), "%s has finished", proc)
	tr := model.Trans{Pid: int32(pid), Node: int32(d.p.PC(d.s, pid))}
	_, _, ok := d.m.Step(d.s, tr)
	require.False(d.t, ok, "Step ran a blocked step of %s", proc)
}

// violation takes proc's step and requires a violation of kind and property.
func (d *driver) violation(proc string, kind model.Kind, property string) *model.Violation {
	d.t.Helper()
	v := d.try(proc)
	require.NotNil(d.t, v, "step of %s should be a violation", proc)
	require.Equal(d.t, kind, v.Kind, v.Msg)
	require.Equal(d.t, property, v.Property, v.Msg)
	require.Equal(d.t, d.pid(proc), v.Pid)
	return v
}

// value returns a variable's rendering from Program.Values.
func (d *driver) value(name string) string {
	d.t.Helper()
	for _, v := range d.p.Values(d.s) {
		if v.Name == name {
			return v.Text
		}
	}
	d.t.Fatalf("no variable %q in %v", name, d.p.Values(d.s))
	return ""
}

func (d *driver) requireValue(name, want string) {
	d.t.Helper()
	require.Equal(d.t, want, d.value(name), "value of %s", name)
}

// blocked returns the BlockedProcs entry for proc.
func (d *driver) blocked(proc string) model.Blocked {
	d.t.Helper()
	pid := d.pid(proc)
	for _, b := range d.m.BlockedProcs(d.s) {
		if b.Pid == pid {
			return b
		}
	}
	d.t.Fatalf("%s is not blocked", proc)
	return model.Blocked{}
}
