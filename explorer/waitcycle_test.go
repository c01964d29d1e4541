package explorer_test

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/model"
	"mcheck/protocols"
)

// kswapd loops forever touching none of the locks: with it, no state of a
// lock deadlock is a global deadlock any more.
const kswapd = `
var kx: 0..1
process kswapd { while true { kx = 1 - kx } }
`

// TestWaitCycleBesideRunningThread: the catalogue's recursive-read
// deadlock plus a thread that never stops is still a deadlock, named as a
// cycle, in every search configuration (issue 9, item 1).
func TestWaitCycleBesideRunningThread(t *testing.T) {
	src, _, ok := protocols.Source("recursive-read")
	require.True(t, ok)
	p := compileSpec(t, string(src)+kswapd)
	for _, c := range randomConfigs {
		r := explore(t, p, c.opts)
		require.Equal(t, explorer.Violated, r.Verdict, c.name)
		require.Equal(t, model.KindDeadlock, r.Violation.Kind, c.name)
		assert.Contains(t, r.Violation.Msg, "wait-for cycle fault -> remap -> fault", c.name)
		assert.Contains(t, r.Violation.Msg, "a queued writer (remap) blocks new readers", c.name)
		replay(t, p, r)
		if c.opts.Search == explorer.BFS {
			// fault down_read, remap queues, fault's skip, fault's second
			// down_read queues behind remap: the cycle closes.
			assert.Len(t, r.Trace, 4, "%s: the state where the cycle closes", c.name)
		}
	}
}

// TestWaitCycleShapes: a self-deadlock, an ABBA pair and a writer blocked by
// a reader that waits for a mutex the writer holds, each beside a runner;
// and waits that are not cycles stay unreported.
func TestWaitCycleShapes(t *testing.T) {
	for _, tc := range []struct{ name, src, cycle string }{
		{"relock", `mutex m; process a { mutex_lock(m); mutex_lock(m) }`, "a -> a"},
		{"abba", `mutex x; mutex y
process a { mutex_lock(x); mutex_lock(y); mutex_unlock(y); mutex_unlock(x) }
process b { mutex_lock(y); mutex_lock(x); mutex_unlock(x); mutex_unlock(y) }`, "a -> b -> a"},
		{"rwsem-mutex", `rw_semaphore l; mutex m
process r { down_read(l); mutex_lock(m); mutex_unlock(m); up_read(l) }
process w { mutex_lock(m); down_write(l); up_write(l); mutex_unlock(m) }`, "r -> w -> r"},
	} {
		p := compileSpec(t, tc.src+kswapd)
		for _, c := range randomConfigs {
			r := explore(t, p, c.opts)
			require.Equal(t, explorer.Violated, r.Verdict, "%s %s", tc.name, c.name)
			require.Equal(t, model.KindDeadlock, r.Violation.Kind, "%s %s", tc.name, c.name)
			assert.Contains(t, r.Violation.Msg, "wait-for cycle "+tc.cycle, "%s %s", tc.name, c.name)
		}
	}
	// A reader waits for a writer that is not blocked: no cycle, it holds.
	p := compileSpec(t, `rw_semaphore l
process r { down_read(l); up_read(l) }
process w { down_write(l); up_write(l) }`+kswapd)
	for _, c := range randomConfigs {
		r := explore(t, p, c.opts)
		assert.Equal(t, explorer.Holds, r.Verdict, "%s: %v", c.name, r.Violation)
	}
}

// TestWaitCycleIsStable checks the cycle's claim independently of how it
// was found: from the state it is reported in, no process of the cycle
// takes a step in any reachable state (a plain search over Machine.Step).
func TestWaitCycleIsStable(t *testing.T) {
	src, _, _ := protocols.Source("recursive-read")
	for _, s := range []string{string(src) + kswapd,
		`mutex x; mutex y
process a { mutex_lock(x); mutex_lock(y); mutex_unlock(y); mutex_unlock(x) }
process b { mutex_lock(y); mutex_lock(x); mutex_unlock(x); mutex_unlock(y) }` + kswapd} {
		p := compileSpec(t, s)
		r := explore(t, p, explorer.Options{})
		require.Equal(t, explorer.Violated, r.Verdict)
		final := r.Trace[len(r.Trace)-1].State
		stuck := map[int32]bool{}
		for _, b := range r.Blocked {
			if strings.Contains(r.Violation.Msg, p.Procs[b.Pid].Name()+" ") {
				stuck[int32(b.Pid)] = true
			}
		}
		require.Len(t, stuck, 2)
		m := p.NewMachine()
		seen := map[string]bool{key(final): true}
		queue := [][]uint64{final}
		for len(queue) > 0 {
			st := queue[0]
			queue = queue[1:]
			for _, tr := range m.Enabled(st) {
				require.False(t, stuck[tr.Pid], "a process of the cycle moved")
				next, _, _ := m.Step(st, tr)
				if !seen[key(next)] {
					seen[key(next)] = true
					queue = append(queue, next)
				}
			}
		}
	}
}

// TestRandomWaitCyclesReductions: random specs with a thread that never
// stops, so that every lock deadlock is a wait-for cycle among running
// threads: reduction and symmetry must find the same properties, first
// verdicts and BFS trace lengths as the plain search (checkReductions).
func TestRandomWaitCyclesReductions(t *testing.T) {
	n := randomEnv("MCHECK_RANDOM_SPECS", 150)
	if testing.Short() {
		n = 60
	}
	skipped, cycles := 0, 0
	for i := int64(0); i < n; i++ {
		rng := rand.New(rand.NewSource(7000 + i))
		src := randomSpec(rng)
		if i%2 == 1 {
			src = symmetricVariant(src, rng)
		}
		src += kswapd
		if !t.Run(fmt.Sprint(7000+i), func(t *testing.T) {
			if checkReductions(t, src) {
				skipped++
			}
			p := compileSpec(t, src)
			if r := explore(t, p, explorer.Options{}); r.Verdict == explorer.Violated && r.Violation.Kind == model.KindDeadlock {
				cycles++
			}
		}) {
			t.Logf("spec:\n%s", src)
			break
		}
	}
	t.Logf("%d random specs with a runner, %d deadlocked by a wait-for cycle first, %d skipped", n, cycles, skipped)
	require.Positive(t, cycles, "no random spec closed a wait-for cycle: the check would be vacuous")
	require.Less(t, skipped, int(n)/4+1)
}
