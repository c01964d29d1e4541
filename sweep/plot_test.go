package sweep

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// growthRows: two specs over F=2..4, one incomplete setting left off the plot.
func growthRows() []Row {
	var rows []Row
	for _, spec := range []struct {
		name   string
		states []int64
	}{{"big", []int64{300, 3000, 30000}}, {"small", []int64{20, 40, 80}}} {
		for i, n := range spec.states {
			f := Setting{{"F", int64(2 + i)}}
			rows = append(rows, Row{Spec: spec.name, Swept: f, Constants: f, Verdict: "holds", States: n, Seconds: float64(n) / 1e5})
		}
	}
	f5 := Setting{{"F", 5}}
	return append(rows, Row{Spec: "big", Swept: f5, Constants: f5, Verdict: "incomplete", Reason: "the time budget (--timeout) ran out", States: 5})
}

func TestGrowthCSV(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteGrowthCSV(&b, growthRows(), "F"))
	assert.Equal(t, "series,F,states,seconds,verdict\n"+
		"big,2,300,0.0030,holds\nsmall,2,20,0.0002,holds\n"+
		"big,3,3000,0.0300,holds\nsmall,3,40,0.0004,holds\n"+
		"big,4,30000,0.3000,holds\nsmall,4,80,0.0008,holds\n", b.String())
	_, err := GrowthCharts(growthRows(), "G")
	assert.Error(t, err, "no row sweeps G")
	b.Reset()
	require.NoError(t, WriteLevelsCSV(&b, []int64{1, 2, 1}))
	assert.Equal(t, "level,states\n0,1\n1,2\n2,1\n", b.String())
}

func TestScales(t *testing.T) {
	c := Chart{LogY: true, Series: []Series{{X: []float64{2, 4}, Y: []float64{300, 30000}}}}
	_, ys := c.scales()
	assert.Equal(t, []float64{100, 1000, 10000, 100000}, c.yTicks(ys), "whole decades around the data")
	assert.InDelta(t, float64(panelH-marginB), ys.at(100), 1e-9)
	assert.InDelta(t, float64(marginT), ys.at(100000), 1e-9)
	for in, want := range map[float64]float64{0.3: 0.5, 7: 10, 12: 20, 1: 1, 0: 1} {
		assert.Equal(t, want, niceCeil(in), in)
	}
}

func browser(t *testing.T) context.Context {
	t.Helper()
	const chromium = "/usr/bin/chromium"
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; scripts/test.sh installs Debian's chromium", chromium)
		}
		t.Skipf("%s is missing (apt-get install chromium); CI fails here instead", chromium)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(t.TempDir()),
		// Chromium makes its own org.chromium.* directory in $TMPDIR: give it
		// one of ours, so that the test leaves nothing behind.
		chromedp.Env("TMPDIR="+t.TempDir()))
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	require.NoError(t, err, js)
	return v
}

// The growth plot as Chromium renders it: two panels, each with an x and a
// y axis of real extent and tick labels, one polyline per spec with one
// point per finished setting, the bigger spec drawn above the smaller; and
// the legend names both.
func TestSVGInChromium(t *testing.T) {
	charts, err := GrowthCharts(growthRows(), "F")
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "growth.svg")
	var b bytes.Buffer
	require.NoError(t, WriteSVG(&b, charts...))
	require.NoError(t, os.WriteFile(file, b.Bytes(), 0o644))

	ctx := browser(t)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("file://"+file), chromedp.WaitReady(chromedp.CSS("svg polyline"))))
	assert.Equal(t, 2, eval[int](t, ctx, `document.querySelectorAll("g.panel").length`))
	// each axis line has length in the rendered picture
	axes := eval[[]float64](t, ctx, `[...document.querySelectorAll("g.axis > line:first-child")].map(l => { const r = l.getBoundingClientRect(); return Math.max(r.width, r.height) })`)
	require.Len(t, axes, 4)
	for _, n := range axes {
		assert.Greater(t, n, 200.0)
	}
	xTicks := eval[[]string](t, ctx, `[...document.querySelectorAll("g.panel:first-of-type g.axis.x text:not(.label)")].map(e => e.textContent)`)
	assert.Equal(t, []string{"2", "3", "4"}, xTicks, "the incomplete F=5 run is not plotted")
	yTicks := eval[[]string](t, ctx, `[...document.querySelectorAll("g.panel:first-of-type g.axis.y text:not(.label)")].map(e => e.textContent)`)
	assert.Equal(t, []string{"10", "100", "1000", "10000", "1e+05"}, yTicks)
	lines := eval[[]string](t, ctx, `[...document.querySelectorAll("g.panel:first-of-type polyline.series")].map(p => p.dataset.series + ":" + p.points.numberOfItems)`)
	assert.Equal(t, []string{"big:3", "small:3"}, lines)
	// screen y grows downwards: the bigger state space is drawn higher
	bigTop := eval[float64](t, ctx, `document.querySelector('g.panel:first-of-type polyline[data-series="big"]').getBoundingClientRect().top`)
	smallTop := eval[float64](t, ctx, `document.querySelector('g.panel:first-of-type polyline[data-series="small"]').getBoundingClientRect().top`)
	assert.Less(t, bigTop, smallTop)
	legend := eval[string](t, ctx, `[...document.querySelectorAll("g.legend text")].map(e => e.textContent).join(",")`)
	assert.Equal(t, "big,small", legend)
	title := eval[string](t, ctx, `[...document.querySelectorAll("text.title")].map(e => e.textContent).join(",")`)
	assert.True(t, strings.Contains(title, "States") && strings.Contains(title, "Time"), title)
}
