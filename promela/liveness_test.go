package promela_test

import (
	"context"
	"errors"
	"flag"
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
// never claim and checked by pan -a -E (a run that ends is no error but
// stutters), without partial-order reduction and, on the catalogue and in
// the long run, with it too:
//
//   - fairness none (explorer Options.Fairness) against pan -a: the verdict
//     (violated or holds) must agree;
//   - weak fairness against pan -a -f, with the strong fairness our search
//     gives lock waits (Linux queues lock waiters) turned off
//     (Options.NoLockQueues): pan -f cannot express it. Where no process
//     ever rests at a lock acquisition, the default search must agree too.
//
// A spec with a reachable safety violation is skipped: our liveness search
// does not follow a step that commits one, while pan reports it.

// liveLimit bounds the state graphs of random specs compared (larger ones
// are skipped; the catalogue's bound is fullLimit).
const liveLimit = 20000

// liveTally counts the questions of one test.
type liveTally struct {
	mu                             sync.Mutex
	checked, violated, weak, por   int
	lockFair                       int // questions where lock-queue fairness changes our verdict
	props, skipped                 int // liveness properties compared, skipped
	unsafe, tooBig, refused, specs int
	reasons                        map[string]int
}

func (lt *liveTally) add(f func(*liveTally)) {
	lt.mu.Lock()
	defer lt.mu.Unlock()
	f(lt)
}

func (lt *liveTally) log(t *testing.T) {
	t.Logf("%d specs, %d liveness properties: %d questions compared with SPIN (%d under weak fairness, %d against pan with POR), %d violated; skipped: %d properties (%d of unsafe specs, %d of specs over the state bound, %d refused by the export)",
		lt.specs, lt.props, lt.checked, lt.weak, lt.por, lt.violated, lt.skipped, lt.unsafe, lt.tooBig, lt.refused)
	t.Logf("  in %d questions our default search (lock waits strongly fair) answers otherwise; SPIN agrees with the search without it", lt.lockFair)
	for r, n := range lt.reasons {
		t.Logf("  refused %d: %s", n, r)
	}
}

// waitsAtLock reports whether some process can rest at a lock wait that
// gets strong fairness, conservatively: some node of its type is one.
func waitsAtLock(p *model.Program) bool {
	for _, t := range p.Types {
		for i := range t.Nodes {
			n := &t.Nodes[i]
			if n.Kind != model.NSync {
				continue
			}
			// The waits that get strong fairness (specs/README.md): the
			// locks without hand-off.
			switch {
			case n.ObjKind == model.TRwsemRP && (n.Op == model.OpDownRead || n.Op == model.OpDownReadWait ||
				n.Op == model.OpDownWrite || n.Op == model.OpDownWriteWait):
				return true
			case n.ObjKind == model.TPercpuRwsem && (n.Op == model.OpPercpuDownRead ||
				n.Op == model.OpPercpuDownWrite || n.Op == model.OpPercpuDownWriteWait):
				return true
			}
		}
	}
	return false
}

// buildLive exports p with every liveness property as a never claim (in
// order: property i is claim ClaimName(i)) and
// builds pan, without partial-order reduction unless por.
func buildLive(ctx context.Context, dir string, p *model.Program, por bool) (string, error) {
	var names []string
	for _, l := range p.Liveness {
		names = append(names, l.Name)
	}
	pml, err := promela.ExportWith(p, promela.Options{Liveness: names})
	if err != nil {
		return "", err
	}
	flags := []string{"-O0", "-DNOREDUCE"}
	if por {
		flags = flags[:1]
	}
	return promela.BuildQuick(ctx, dir, pml, flags)
}

// spinLive answers property i with pan: whether it finds an acceptance
// cycle, with weak fairness (-f) or without. The depth bound grows until
// the search fits (with -f, pan's graph has a copy per process and two more).
func spinLive(ctx context.Context, pan string, i int, states int64, weak bool) (bool, error) {
	for bound := 4*states + 1000; ; bound *= 10 {
		args := append(promela.SizeArgs(bound), "-a", "-E", "-N", promela.ClaimName(i))
		if weak {
			args = append(args, "-f")
		}
		sp, err := promela.Run(ctx, pan, args...)
		switch {
		case err != nil:
			return false, err
		case sp.Truncated && bound < 1e8:
			continue
		case sp.Truncated:
			return false, fmt.Errorf("SPIN's depth bound cut the search")
		case sp.Verdict == promela.VerdictNone:
			return false, nil
		case strings.HasPrefix(sp.Verdict, "acceptance cycle"):
			return true, nil
		}
		return false, fmt.Errorf("pan: %s\n%s", sp.Verdict, sp.Output)
	}
}

// crossLive compares every liveness property of one spec; it returns the
// mismatches.
func crossLive(ctx context.Context, t *testing.T, s liveSpec, limit int, lt *liveTally) []string {
	res, err := compile.Compile(s.file, s.src, compile.Options{Set: s.set})
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	p := res.Program
	n := len(p.Liveness)
	lt.add(func(lt *liveTally) { lt.specs++ })
	if n == 0 {
		return nil
	}
	viol, states, _, ok := fullGraph(p, limit)
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
	var diffs []string
	for _, por := range []bool{false, true}[:1+b2i(s.por)] {
		dir := t.TempDir()
		pan, err := buildLive(ctx, dir, p, por)
		if errors.Is(err, promela.ErrUnsupported) {
			lt.add(func(lt *liveTally) { lt.skipped += n; lt.refused += n; lt.reasons[err.Error()] += n })
			return nil
		}
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		for i := range p.Liveness {
			diffs = append(diffs, crossProp(ctx, t, s, p, i, pan, states, por, lt)...)
		}
	}
	lt.add(func(lt *liveTally) { lt.props += n })
	return diffs
}

// crossProp compares property i, fairness none and weak, with pan.
func crossProp(ctx context.Context, t *testing.T, s liveSpec, p *model.Program, i int, pan string, states int64, por bool, lt *liveTally) []string {
	var diffs []string
	l := &p.Liveness[i]
	for _, fair := range []model.Fairness{model.FairNone, model.FairWeak} {
		mine, lockFair := ourLive(t, p, i, fair)
		theirs, err := spinLive(ctx, pan, i, states, fair == model.FairWeak)
		if err != nil {
			t.Fatalf("%s %s: %v", s.name, l.Name, err)
		}
		lt.add(func(lt *liveTally) {
			lt.checked++
			lt.violated += b2i(mine)
			lt.weak += b2i(fair == model.FairWeak)
			lt.por += b2i(por)
			lt.lockFair += b2i(lockFair)
		})
		if mine != theirs {
			diffs = append(diffs, fmt.Sprintf("%s %s fairness %s (SPIN's POR %v): mcheck violated=%v, SPIN acceptance cycle=%v (pan -N %s)",
				s.name, l.Name, fair, por, mine, theirs, promela.ClaimName(i)))
		}
	}
	return diffs
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ourLive answers property i with fairness fair for every process and no
// lock-queue fairness; lockFair says whether the default search (lock waits
// strongly fair) answers differently, which it must not where no process
// ever waits at a lock.
func ourLive(t *testing.T, p *model.Program, i int, fair model.Fairness) (violated, lockFair bool) {
	opts := explorer.Options{Fairness: &fair, NoLockQueues: true}
	r, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, opts)
	if err != nil || r.Verdict == explorer.Incomplete {
		t.Fatalf("%s %s: %v %v", p.Name, p.Liveness[i].Name, err, r)
	}
	opts.NoLockQueues = false
	def, err := explorer.ExploreLiveness(p, explorer.LiveCheck{Property: i}, opts)
	if err != nil || def.Verdict == explorer.Incomplete {
		t.Fatalf("%s %s: %v %v", p.Name, p.Liveness[i].Name, err, def)
	}
	if def.Verdict != r.Verdict && !waitsAtLock(p) {
		t.Fatalf("%s %s: no lock waits, yet lock-queue fairness changes the verdict", p.Name, p.Liveness[i].Name)
	}
	return r.Verdict == explorer.Violated, def.Verdict != r.Verdict
}

type liveSpec struct {
	name, file string
	src        []byte
	set        map[string]int64
	por        bool // also against pan with partial-order reduction
}

func runCross(t *testing.T, specs []liveSpec, limit, minChecked int) {
	lt := &liveTally{reasons: map[string]int{}}
	t.Run("specs", func(t *testing.T) {
		for _, s := range specs {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				for _, d := range crossLive(spinCtx(t), t, s, limit, lt) {
					t.Errorf("%s\n--- spec ---\n%s", d, s.src)
				}
			})
		}
	})
	lt.log(t)
	if lt.props < minChecked || lt.refused > lt.props/10 {
		t.Errorf("too few liveness properties compared: %d, %d refused by the export (want at least %d, and at most a tenth refused)", lt.props, lt.refused, minChecked)
	}
}

// TestLivenessSpinCatalogue: the catalogue, the liveness examples, and
// testdata/live-*.mc (sides through dynamic indices and divisions).
func TestLivenessSpinCatalogue(t *testing.T) {
	needSpin(t)
	var specs []liveSpec
	for _, n := range protocols.Names() {
		src, file, _ := protocols.Source(n)
		if strings.Contains(string(src), "eventually") || strings.Contains(string(src), "leadsto") {
			specs = append(specs, liveSpec{n, file, src, nil, true})
		}
	}
	files, _ := filepath.Glob("../specs/testdata/examples/liveness-*.mc")
	more, _ := filepath.Glob("../explorer/testdata/live/*.mc")
	mine, _ := filepath.Glob("testdata/live-*.mc")
	files = append(append(files, more...), mine...)
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, liveSpec{f, f, src, nil, true})
	}
	runCross(t, specs, fullLimit, 10)
}

var liveN = flag.Int("live.n", 0, "how many random specs TestLivenessSpinRandom compares, seeds parity.seed onwards (0: 200, 10000 with MCHECK_LONG)")

// TestLivenessSpinRandom: random specs with processes that loop forever;
// with MCHECK_LONG, every fourth also against pan with partial-order
// reduction.
func TestLivenessSpinRandom(t *testing.T) {
	needSpin(t)
	long := os.Getenv("MCHECK_LONG") != ""
	n := *liveN
	switch {
	case n == 0 && long:
		n = 10000
	case n == 0:
		n = 200
	}
	var specs []liveSpec
	for seed := *randomSeed; seed < *randomSeed+int64(n); seed++ {
		src := randspec.Generate(seed, randspec.Config{Live: true, Stmts: 3})
		specs = append(specs, liveSpec{fmt.Sprintf("seed%d", seed), fmt.Sprintf("randspec-%d.mc", seed), []byte(src), nil, long && seed%4 == 0})
	}
	runCross(t, specs, liveLimit, n/2)
}
