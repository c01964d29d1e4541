package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
)

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium with a fresh profile. Without Chromium the
// test is skipped locally but fails in CI (CI=true), where scripts/test.sh
// installs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; scripts/test.sh installs Debian's chromium", chromiumPath)
		}
		t.Skipf("%s is missing (apt-get install chromium); CI fails here instead", chromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		// Chromium's own scratch dirs (org.chromium.Chromium.*) go here too,
		// so that the test leaves nothing in $TMPDIR.
		chromedp.Env("TMPDIR=" + t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// The drop-no-rescan page in a real browser: one lane per process; it opens
// at the last step with the whole trace visible (no row greyed) and a key
// to the held-lock bar; Home goes to the start with every step greyed; End
// back to the last step, which shows the violated property, highlights the
// values the last step changed and the values that break the invariant.
func TestHTMLInChromium(t *testing.T) {
	run := catalogueRun(t, "drop-no-rescan", explorer.BFS)
	run.Result = Reorder(run.Program, run.Result)
	file := writeHTML(t, run)
	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate("file://"+file),
		chromedp.WaitReady(chromedp.CSS("#lanes tbody tr")),
	))
	lanes := eval[[]string](t, ctx, `[...document.querySelectorAll("#lanes th.lane")].map(th => th.dataset.process)`)
	assert.Equal(t, []string{"fault[0]", "fault[1]", "remap"}, lanes, "one lane per process")
	label := `document.getElementById("step-label").textContent`
	future := `document.querySelectorAll("#lanes tr.future").length`
	assert.Equal(t, "step 11 / 11", eval[string](t, ctx, label), "opens at the end")
	assert.Zero(t, eval[int](t, ctx, future), "the whole trace is visible")
	assert.Equal(t, "11", eval[string](t, ctx, `document.querySelector("#lanes tr.current").dataset.step`))
	// the key explains the held-lock bar and draws it as the lanes do
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("key").innerText`), "holds a lock")
	assert.Greater(t, eval[int](t, ctx, `document.querySelectorAll("#lanes td.held").length`), 0)
	barColor := `getComputedStyle(document.querySelector("#lanes td.held")).borderLeftColor`
	keyColor := `getComputedStyle(document.querySelector("#key .sw.held")).borderLeftColor`
	assert.Equal(t, eval[string](t, ctx, barColor), eval[string](t, ctx, keyColor))
	assert.Equal(t, "3px", eval[string](t, ctx, `getComputedStyle(document.querySelector("#key .sw.held")).borderLeftWidth`))

	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Home)))
	assert.Equal(t, "step 0 / 11", eval[string](t, ctx, label))
	assert.Equal(t, 11, eval[int](t, ctx, future), "at the start every step is still to come")

	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.End)))
	assert.Equal(t, "step 11 / 11", eval[string](t, ctx, `document.getElementById("step-label").textContent`))
	violation := eval[string](t, ctx, `document.getElementById("violation").innerText`)
	assert.Contains(t, violation, "no_stale_mapping")
	assert.Contains(t, violation, "pte.present => (cur.present && pte.vma == cur.id)")
	// the last step (finish_fault for the old VMA) sets pte.present and pte.vma
	changed := eval[[]string](t, ctx, `[...document.querySelectorAll("#state tr.changed")].map(tr => tr.dataset.name)`)
	assert.Equal(t, []string{"pte.present", "pte.vma"}, changed)
	culprits := eval[[]string](t, ctx, `[...document.querySelectorAll("#state tr.culprit")].map(tr => tr.dataset.name + "=" + tr.children[1].textContent)`)
	assert.Equal(t, []string{"cur.present=true", "cur.id=2", "pte.present=true", "pte.vma=1"}, culprits)
	// and the highlight is visible: the browser computed a background for it
	bg := eval[string](t, ctx, `getComputedStyle(document.querySelector("#state tr.culprit td")).backgroundColor`)
	assert.NotEqual(t, "rgba(0, 0, 0, 0)", bg)

	// the left arrow steps back one step and clears the culprits
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowLeft)))
	assert.Equal(t, "step 10 / 11", eval[string](t, ctx, `document.getElementById("step-label").textContent`))
	assert.Zero(t, eval[int](t, ctx, `document.querySelectorAll("#state tr.culprit").length`))
	assert.False(t, strings.Contains(readFile(t, file), "http"), "the page loads nothing from the network")
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

func readFile(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// A liveness lasso's page marks the cycle's rows, explains them in the key,
// and steps round the cycle again after its last step.
func TestHTMLLassoInChromium(t *testing.T) {
	run := catalogueRun(t, "seqcount-retry-livelock", explorer.BFS)
	require.Equal(t, explorer.Holds, run.Result.Verdict, "safety holds; the lasso is liveness's")
	r, err := explorer.ExploreLiveness(run.Program, explorer.LiveCheck{Property: 0}, explorer.Options{})
	require.NoError(t, err)
	require.Positive(t, r.Cycle)
	run.Result = r
	file := writeHTML(t, run)
	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate("file://"+file),
		chromedp.WaitReady(chromedp.CSS("#lanes tbody tr")),
	))
	n, loop := len(r.Trace), len(r.Trace)-r.Cycle
	assert.Equal(t, r.Cycle, eval[int](t, ctx, `document.querySelectorAll("#lanes tr.cycle").length`))
	assert.Equal(t, fmt.Sprint(loop+1), eval[string](t, ctx, `document.querySelector("#lanes tr.cycle").dataset.step`))
	assert.Contains(t, eval[string](t, ctx, `document.getElementById("key").innerText`), "repeat forever")
	label := `document.getElementById("step-label").textContent`
	assert.Equal(t, fmt.Sprintf("step %d / %d", n, n), eval[string](t, ctx, label))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowRight)))
	assert.Equal(t, fmt.Sprintf("step %d / %d", loop+1, n), eval[string](t, ctx, label), "round the cycle again")
}

// writeHTML writes run's page into the test's temporary directory.
func writeHTML(t *testing.T, run Run) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "trace.html")
	fh, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, HTML(fh, run))
	require.NoError(t, fh.Close())
	return file
}
