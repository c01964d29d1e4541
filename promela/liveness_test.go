package promela_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/model"
	"mcheck/promela"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// Cross-validation of liveness with SPIN: every liveness property of the
// catalogue, of the liveness examples and of random specs is exported as a
// never claim and checked by pan -a, without partial-order reduction:
//
//   - fairness none (explorer Options.Fairness) against pan -a: the verdict
//     (violated or holds) must agree;
//   - weak fairness against pan -a -f, on programs where no process ever
//     waits at a lock acquisition: ours gives such waits strong fairness
//     (Linux queues lock waiters), which pan -f cannot express.
//
// A spec with a reachable safety violation is skipped: our liveness search
// does not follow a step that commits one, while pan reports it.

// liveLimit bounds the state graphs compared (larger ones are skipped).
const liveLimit = 20000

// liveTally counts the questions of one test.
type liveTally struct {
	mu                               sync.Mutex
	checked, violated, weak, skipped int
	unsafe, tooBig, refused, specs   int
	reasons                          map[string]int
}

func (lt *liveTally) add(f func(*liveTally)) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	f(lt)
}

func (lt *liveTally) log(t *testing.T) {
	t.Logf("%d specs: %d liveness questions compared with SPIN (%d of them under weak fairness), %d violated; skipped: %d properties (%d of unsafe specs, %d of specs over %d states, %d refused by the export)",
		lt.specs, lt.checked, lt.weak, lt.violated, lt.skipped, lt.unsafe, lt.tooBig, liveLimit, lt.refused)
	for r, n := range lt.reasons {
		t.Logf("  refused %d: %s", n, r)
	}
}

// waitsAtLock reports whether some process can rest at a lock acquisition,
// conservatively: some node of its type is one.
func waitsAtLock(p *model.Program) bool {
	for _, t := range p.Types {
		for i := range t.Nodes {
			n := &t.Nodes[i]
			if n.Kind != model.NSync {
				continue
			}
			switch n.Op {
			case model.OpMutexLock, model.OpSpinLock, model.OpDownRead, model.OpDownWrite, model.OpDownWriteWait:
				return true
			}
		}
	}
	return false
}

// spinLive answers property i of p with SPIN: whether pan finds an
// acceptance cycle, with weak fairness (-f) or without.
func spinLive(ctx context.Context, dir string, p *model.Program, i int, states int64, weak bool) (violated bool, pan string, err error) {
	pml, err := promela.ExportWith(p, promela.Options{Liveness: p.Liveness[i].Name})
	if err != nil {
		return false, "", err
	}
	pan = filepath.Join(dir, "pan")
	if _, statErr := os.Stat(pan); statErr != nil {
		if pan, err = promela.Build(ctx, dir, pml, []string{"-O0", "-DNOREDUCE"}); err != nil {
			return false, "", err
		}
	}
	args := append(promela.SizeArgs(4*states+1000), "-a", "-E")
	if weak {
		args = append(args, "-f")
	}
	sp, err := promela.Run(ctx, pan, args...)
	if err != nil {
		return false, pan, err
	}
	switch {
	case sp.Truncated:
		return false, pan, fmt.Errorf("SPIN's depth bound cut the search")
	case sp.Verdict == promela.VerdictNone:
		return false, pan, nil
	case strings.HasPrefix(sp.Verdict, "acceptance cycle"):
		return true, pan, nil
	}
	return false, pan, fmt.Errorf("pan: %s\n%s", sp.Verdict, sp.Output)
}

// crossLive compares every liveness property of one spec; it returns the
// mismatches.
func crossLive(ctx context.Context, t *testing.T, name, file string, src []byte, set map[string]int64, lt *liveTally) []string {
	res, err := compile.Compile(file, src, compile.Options{Set: set})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	p := res.Program
	n := len(p.Liveness)
	lt.add(func(lt *liveTally) { lt.specs++ })
	if n == 0 {
		return nil
	}
	viol, states, _, ok := fullGraph(p, liveLimit)
	if !ok || viol {
		lt.add(func(lt *liveTally) {
			lt.skipped += n
			if viol {
				lt.unsafe += n
			} else {
				lt.tooBig += n
			}
		})
		return nil
	}
	weak := !waitsAtLock(p)
	var diffs []string
	for i, l := range p.Liveness {
		dir := filepath.Join(t.TempDir())
		for _, fair := range []model.Fairness{model.FairNone, model.FairWeak} {
			if fair == model.FairWeak && !weak {
				continue
			}
			ours, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, explorer.Options{Fairness: &fair})
			if err != nil {
				t.Fatalf("%s %s: %v", name, l.Name, err)
			}
			theirs, pan, err := spinLive(ctx, dir, p, i, states, fair == model.FairWeak)
			if errors.Is(err, promela.ErrUnsupported) {
				lt.add(func(lt *liveTally) { lt.skipped++; lt.refused++; lt.reasons[err.Error()]++ })
				break
			}
			if err != nil {
				t.Fatalf("%s %s: %v", name, l.Name, err)
			}
			if ours.Verdict == explorer.Incomplete {
				t.Fatalf("%s %s: incomplete: %s", name, l.Name, ours.Reason)
			}
			mine := ours.Verdict == explorer.Violated
			lt.add(func(lt *liveTally) {
				lt.checked++
				if mine {
					lt.violated++
				}
				if fair == model.FairWeak {
					lt.weak++
				}
			})
			if mine != theirs {
				diffs = append(diffs, fmt.Sprintf("%s %s fairness %s: mcheck violated=%v, SPIN acceptance cycle=%v (pan at %s)",
					name, l.Name, fair, mine, theirs, pan))
			}
		}
	}
	return diffs
}

type liveSpec struct {
	name, file string
	src        []byte
	set        map[string]int64
}

func runCross(t *testing.T, specs []liveSpec, minChecked int) {
	lt := &liveTally{reasons: map[string]int{}}
	ctx := spinCtx(t)
	t.Run("specs", func(t *testing.T) {
		for _, s := range specs {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				for _, d := range crossLive(ctx, t, s.name, s.file, s.src, s.set, lt) {
					t.Errorf("%s\n--- spec ---\n%s", d, s.src)
				}
			})
		}
	})
	lt.log(t)
	if lt.checked < minChecked || lt.skipped > lt.checked {
		t.Errorf("too few liveness questions compared: %d checked, %d skipped (want at least %d, and most checked)", lt.checked, lt.skipped, minChecked)
	}
}

// TestLivenessSpinCatalogue: the catalogue and the liveness examples.
func TestLivenessSpinCatalogue(t *testing.T) {
	needSpin(t)
	var specs []liveSpec
	for _, n := range protocols.Names() {
		src, file, _ := protocols.Source(n)
		if strings.Contains(string(src), "eventually") || strings.Contains(string(src), "leadsto") {
			specs = append(specs, liveSpec{n, file, src, nil})
		}
	}
	files, _ := filepath.Glob("../specs/testdata/examples/liveness-*.mc")
	more, _ := filepath.Glob("../explorer/testdata/live/*.mc")
	files = append(files, more...)
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, liveSpec{f, f, src, nil})
	}
	runCross(t, specs, 10)
}

// TestLivenessSpinRandom: random specs with processes that loop forever.
func TestLivenessSpinRandom(t *testing.T) {
	needSpin(t)
	n := 200
	if os.Getenv("MCHECK_LONG") != "" {
		n = 10000
	}
	var specs []liveSpec
	for seed := *randomSeed; seed < *randomSeed+int64(n); seed++ {
		src := randspec.Generate(seed, randspec.Config{Live: true, Stmts: 3})
		specs = append(specs, liveSpec{fmt.Sprintf("seed%d", seed), fmt.Sprintf("randspec-%d.mc", seed), []byte(src), nil})
	}
	runCross(t, specs, n/2)
}
