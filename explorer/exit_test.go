package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
)

// TestLockHeldAtExit: a process that ends holding a lock is a violation
// naming the lock and the process, for each kind of hold, in every search
// configuration; `exits_locked` opts a process out (issue 9, item 2).
func TestLockHeldAtExit(t *testing.T) {
	for _, tc := range []struct{ name, decl, body, lock, msg string }{
		{"mutex", "mutex m", "mutex_lock(m)", "m", "worker ends holding m"},
		{"spinlock", "spinlock s", "spin_lock(s)", "s", "worker ends holding s"},
		{"trylock", "mutex m", "if mutex_trylock(m) { skip }", "m", "worker ends holding m"},
		{"rwsem read", "rw_semaphore l", "down_read(l)", "l", "worker ends holding l for read"},
		{"rwsem write", "rw_semaphore l", "down_write(l)", "l", "worker ends holding l for write"},
		{"downgraded", "rw_semaphore l", "down_write(l); downgrade_write(l)", "l", "worker ends holding l for read"},
		{"rcu", "var x: bool", "rcu_read_lock()", "rcu_read_lock", "worker ends holding rcu_read_lock"},
		{"return", "mutex m\nvar x: bool", "mutex_lock(m); if !x { return }; mutex_unlock(m)", "m", "worker ends holding m"},
	} {
		src := tc.decl + "\nprocess worker { " + tc.body + " }\nprocess other { skip }\n"
		p := compileSpec(t, src)
		for _, c := range randomConfigs {
			r := explore(t, p, c.opts)
			require.Equal(t, explorer.Violated, r.Verdict, "%s %s", tc.name, c.name)
			require.Equal(t, model.KindLockHeldAtExit, r.Violation.Kind, "%s %s", tc.name, c.name)
			assert.Equal(t, tc.lock, r.Violation.Property, "%s %s", tc.name, c.name)
			assert.Contains(t, r.Violation.Msg, tc.msg, "%s %s", tc.name, c.name)
			assert.Equal(t, 0, r.Violation.Pid, "%s %s", tc.name, c.name)
			assert.Positive(t, r.Violation.Pos.Line, "%s %s", tc.name, c.name)
			replayViolation(t, p, r)
		}
		optOut := compileSpec(t, tc.decl+"\nprocess worker exits_locked { "+tc.body+" }\nprocess other { skip }\n")
		for _, c := range randomConfigs {
			r := explore(t, optOut, c.opts)
			assert.Equal(t, explorer.Holds, r.Verdict, "%s %s exits_locked: %v", tc.name, c.name, r.Violation)
		}
	}
	// Balanced holds end cleanly.
	p := compileSpec(t, `rw_semaphore l; mutex m
process worker[2] { down_read(l); mutex_lock(m); mutex_unlock(m); up_read(l); down_write(l); up_write(l) }`)
	for _, c := range randomConfigs {
		assert.Equal(t, explorer.Holds, explore(t, p, c.opts).Verdict, c.name)
	}
}
