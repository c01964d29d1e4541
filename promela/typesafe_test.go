package promela_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/internal/testlong"
	"mcheck/promela"
	"mcheck/specs/compile"
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

// TestParityPoolLocks: pool objects with a lock inside (pool-object-lock:
// taken through references, reinitialised by alloc; pool-lock-freed and
// kfree-rcu-lock-freed: the "held lock freed" assert, at free and at the end
// of a grace period) give SPIN's verdict and counts. Parity compares
// only the verdict class of a violation, and without the assert SPIN would
// still fail at the holder's up_read of the freed object: so the export is
// also checked to carry the assert.
func TestParityPoolLocks(t *testing.T) {
	needSpin(t)
	f := "../specs/testdata/examples/pool-lock-freed.mc"
	src, err := os.ReadFile(f)
	require.NoError(t, err)
	res, err := compile.Compile(f, src, compile.Options{})
	require.NoError(t, err)
	pml, err := promela.Export(res.Program)
	require.NoError(t, err)
	assert.Contains(t, pml, "assert(vmas_0_vm_lock_writer == 0 && vmas_0_vm_lock_waiters == 0 && vmas_0_vm_lock_readers[0] == 0")
	for _, name := range []string{"pool-object-lock.mc", "pool-lock-freed.mc", "kfree-rcu-lock-freed.mc"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := "../specs/testdata/examples/" + name
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			diff, err := parity(spinCtx(t), t.TempDir(), f, src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Error(diff)
			}
		})
	}
}
