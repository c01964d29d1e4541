package explorer_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/internal/testlong"
	"mcheck/model"
)

// interruptedRun runs (or resumes, from cp) a search that Options.Stop
// interrupts at the k-th progress report, and returns its result and the
// checkpoint it wrote (nil if none).
func interruptedRun(t *testing.T, p *model.Program, o explorer.Options, cp []byte, k int) (*explorer.Result, []byte) {
	t.Helper()
	stop := make(chan struct{})
	calls := 0
	o.Stop, o.ProgressEvery = stop, 1
	o.OnProgress = func(explorer.Stats) {
		if calls++; calls == k {
			close(stop)
		}
	}
	var out []byte
	o.OnCheckpoint = func(write func(io.Writer) error) error {
		var b bytes.Buffer
		err := write(&b)
		out = b.Bytes()
		return err
	}
	if cp != nil {
		o.Resume = bytes.NewReader(cp)
	}
	r, err := explorer.Explore(p, o)
	require.NoError(t, err)
	return r, out
}

// checkResume interrupts the search of p at random points, resuming each
// time from the checkpoint, and requires the uninterrupted run's result.
func checkResume(t *testing.T, name string, p *model.Program, o explorer.Options, rng *rand.Rand) (resumes int) {
	t.Helper()
	want := explore(t, p, o)
	var cp []byte
	for round := 0; ; round++ {
		require.Less(t, round, 1000, name)
		// 1-4 progress reports per run, twice as many every 100 runs, so
		// that large searches (a parallel one reports once a batch) end too.
		r, out := interruptedRun(t, p, o, cp, (1+rng.Intn(4))<<(round/100))
		// Interrupted: Incomplete, or with KeepGoing Violated if it
		// found something already; a checkpoint says which.
		if out != nil {
			cp = out
			continue
		}
		require.NotEqual(t, explorer.Interrupted, r.Reason, "%s: interrupted without a checkpoint", name)
		r.Stats.Seconds = 0
		require.Equal(t, want, r, "%s %+v after %d interruptions", name, o, round)
		return round
	}
}

var resumeOptions = []explorer.Options{
	{},
	{POR: true, Symmetry: true},
	{Search: explorer.DFS, POR: true},
	{KeepGoing: true},
	{Workers: 2, POR: true},
	{Workers: 3, Symmetry: true, Levels: true},
}

func TestCheckpointResumeCatalogue(t *testing.T) {
	defer explorer.SetBlocks(16, 4)()
	rng := rand.New(rand.NewSource(1))
	resumes := 0
	for i, r := range allRuns(t) {
		for k, o := range resumeOptions {
			if testlong.Every(i+k, 10) {
				resumes += checkResume(t, r.name, r.prog, o, rng)
			}
		}
	}
	t.Logf("%d resumes", resumes)
	require.Greater(t, resumes, 100)
}

func TestCheckpointResumeRandom(t *testing.T) {
	defer explorer.SetBlocks(8, 2)()
	defer explorer.SetChunkBits(4)() // checkpoints of compressed chunks too
	rng := rand.New(rand.NewSource(2))
	resumes := 0
	for seed := int64(0); seed < int64(testlong.Count(20, 300)); seed++ {
		o := resumeOptions[seed%int64(len(resumeOptions))]
		o.MaxStates = 100000
		resumes += checkResume(t, fmt.Sprint("seed ", seed), randomProgram(t, seed), o, rng)
	}
	t.Logf("%d resumes", resumes)
	require.Greater(t, resumes, 20)
}

// TestCheckpointPeriodic: checkpoints taken along the way (a clock that
// moves a second a call, one checkpoint a second) each resume to the
// uninterrupted result; one of another search is refused.
func TestCheckpointPeriodic(t *testing.T) {
	p := compileSpec(t, `
var x: 0..7
var y: 0..7
process a[2] { x = x + 1; x = x + 1; y = y + 1 }
process b { y = y + 1; x = 0; y = 0 }
`)
	want := explore(t, p, explorer.Options{POR: true})
	var cps [][]byte
	now := time.Unix(0, 0)
	o := explorer.Options{POR: true, CheckpointEvery: time.Second, Now: func() time.Time {
		now = now.Add(time.Second)
		return now
	}, OnCheckpoint: func(write func(io.Writer) error) error {
		var b bytes.Buffer
		err := write(&b)
		cps = append(cps, b.Bytes())
		return err
	}}
	explore(t, p, o)
	require.NotEmpty(t, cps)
	for _, cp := range cps {
		r := explore(t, p, explorer.Options{POR: true, Resume: bytes.NewReader(cp)})
		require.Equal(t, want, r)
	}
	_, err := explorer.Explore(p, explorer.Options{Resume: bytes.NewReader(cps[0])})
	require.ErrorContains(t, err, "another search")
}
