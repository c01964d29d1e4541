package promela_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"mcheck/explorer"
	"mcheck/internal/randspec"
	"mcheck/internal/testlong"
	"mcheck/specs/compile"
)

var (
	randomSeed = flag.Int64("parity.seed", 1, "first seed of the random specs of TestParityRandom")
	randomN    = flag.Int("parity.n", testlong.Count(8, 200), "how many random specs TestParityRandom compares (default 8, 200 under MCHECK_LONG)")
)

// randomLimit keeps random specs small: larger ones are passed over (and do
// not count towards parity.n).
const randomLimit = 20000

// TestParityRandom compares SPIN and mcheck on parity.n random specs, seeds
// parity.seed onwards (the first 8 that fit randomLimit, or 200 under
// MCHECK_LONG=1). A mismatch prints both figures, the spec and the Promela;
// save the spec under testdata/ once the cause is fixed.
func TestParityRandom(t *testing.T) {
	needSpin(t)
	type tc struct {
		seed int64
		src  string
	}
	var cases []tc
	for seed := *randomSeed; len(cases) < *randomN; seed++ {
		src := randspec.Generate(seed, randspec.Config{})
		res, err := compile.Compile("rand.mc", []byte(src), compile.Options{})
		if err != nil {
			t.Fatalf("randspec seed %d does not compile: %v\n%s", seed, err, src)
		}
		r, err := explorer.Explore(res.Program, explorer.Options{MaxStates: randomLimit})
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != explorer.Incomplete {
			cases = append(cases, tc{seed, src})
		}
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("seed%d", c.seed), func(t *testing.T) {
			t.Parallel()
			file := fmt.Sprintf("randspec-%d.mc", c.seed)
			diff, err := parity(spinCtx(t), t.TempDir(), file, []byte(c.src), nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, c.src)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestParityTestdata re-checks the random specs that once broke parity.
func TestParityTestdata(t *testing.T) {
	needSpin(t)
	files, _ := filepath.Glob("testdata/*.mc")
	sort.Strings(files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			parityFile(t, f, nil)
		})
	}
}
