package model_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/internal/testlong"
	"mcheck/model"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// everySpec compiles every catalogue spec and example with each expect:
// line's settings.
func everySpec(t *testing.T) map[string]*model.Program {
	t.Helper()
	srcs := map[string][]byte{}
	for _, n := range protocols.Names() {
		src, filename, _ := protocols.Source(n)
		srcs[filename] = src
	}
	files, err := filepath.Glob("../specs/testdata/examples/*.mc")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		srcs[f] = src
	}
	out := map[string]*model.Program{}
	for f, src := range srcs {
		exps, errs := compile.ParseExpectations(f, src)
		require.Empty(t, errs)
		for _, e := range exps {
			res, err := compile.Compile(f, src, compile.Options{Set: e.Set})
			require.NoError(t, err, f)
			out[f+" "+e.SetString()] = res.Program
		}
	}
	return out
}

type emitted struct {
	t    model.Trans
	next string
	v    string
}

func key(s []uint64) string {
	b := make([]byte, 8*len(s))
	for i, w := range s {
		binary.LittleEndian.PutUint64(b[8*i:], w)
	}
	return string(b)
}

func violText(v *model.Violation) string {
	if v == nil {
		return ""
	}
	return v.Error()
}

// refuseChecks bounds, per spec, the states in which every (pid, node) pair
// is tried: enough to cover each spec's shapes, cheap on the large ones.
const refuseChecks = 1500

// TestSuccessorsMatchStep checks, in every reachable state of every spec,
// that Successors (the explorer's fast path) emits exactly the steps Enabled
// lists, with the states and violations Step computes, and that Step
// refuses every other (pid, node) pair.
//
// The default run leaves graphs over maxGraph states (the catalogue's
// FAULTS=3 REMAPS=2 settings and its largest FAULTS=3 ones) to MCHECK_LONG=1.
func TestSuccessorsMatchStep(t *testing.T) {
	for name, p := range everySpec(t) {
		t.Run(name, func(t *testing.T) {
			if !testlong.On() && !fits(p, maxGraph) {
				t.Skipf("over %d states: %s=1 runs it", maxGraph, testlong.Var)
			}
			m := p.NewMachine()
			seen := map[string]bool{key(p.Initial()): true}
			queue := [][]uint64{p.Initial()}
			for expanded := 0; len(queue) > 0; expanded++ {
				s := queue[0]
				queue = queue[1:]
				var fast []emitted
				n := m.Successors(s, func(t model.Trans, next []uint64, v *model.Violation) {
					fast = append(fast, emitted{t, key(next), violText(v)})
				})
				require.Len(t, fast, n)
				en := m.Enabled(s)
				var slow []emitted
				enabled := map[model.Trans]bool{}
				for _, tr := range en {
					enabled[tr] = true
					next, v, ok := m.Step(s, tr)
					require.True(t, ok)
					slow = append(slow, emitted{tr, key(next), violText(v)})
					if v == nil && m.CheckInvariants(next) == nil && !seen[key(next)] {
						seen[key(next)] = true
						queue = append(queue, next)
					}
				}
				require.Equal(t, slow, fast)
				if expanded >= refuseChecks {
					continue
				}
				for pid, pr := range p.Procs {
					for node := range pr.Type.Nodes {
						tr := model.Trans{Pid: int32(pid), Node: int32(node)}
						if !enabled[tr] {
							_, _, ok := m.Step(s, tr)
							require.False(t, ok, "Step ran %+v, which Enabled does not list", tr)
						}
					}
				}
			}
		})
	}
}

// maxGraph bounds the graphs of TestSuccessorsMatchStep in the default run:
// every spec at its defaults fits (per-vma-lock, the largest, has between
// 20,000 and 30,000). These are the machine's states, every step apart: several times
// the explorer's figures.
const maxGraph = 30000

// fits reports whether p has at most limit states reachable through steps
// that violate nothing, by a plain breadth-first search with Successors.
func fits(p *model.Program, limit int64) bool {
	m := p.NewMachine()
	seen := map[string]bool{key(p.Initial()): true}
	queue := [][]uint64{p.Initial()}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		var succ [][]uint64
		m.Successors(s, func(_ model.Trans, next []uint64, v *model.Violation) {
			if v == nil {
				succ = append(succ, append([]uint64(nil), next...))
			}
		})
		for _, next := range succ {
			if k := key(next); !seen[k] && m.CheckInvariants(next) == nil {
				seen[k] = true
				queue = append(queue, next)
			}
		}
		if int64(len(seen)) > limit {
			return false
		}
	}
	return true
}
