package promela_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"mcheck/internal/testlong"
	"mcheck/promela"
)

// TestParityTypesafe: the typesafe_by_rcu examples (reads of freed objects
// under RCU allowed, writes and reads outside RCU not, the identity bug as an
// assert) give SPIN's verdict and counts. By default every second one
// (identity-recheck, rcu-read, write-freed: a pan build each), all five under
// MCHECK_LONG. The catalogue pair exe-file-rcu and -fixed is in
// TestParityCatalogue.
func TestParityTypesafe(t *testing.T) {
	needSpin(t)
	files, _ := filepath.Glob("../specs/testdata/examples/typesafe-*.mc")
	if len(files) < 5 {
		t.Fatalf("want the five typesafe examples, found %d", len(files))
	}
	for i, f := range files {
		if !testlong.Every(i, 2) {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			diff, err := parity(spinCtx(t), t.TempDir(), f, src, nil)
			if errors.Is(err, promela.ErrUnsupported) {
				t.Fatal(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}
