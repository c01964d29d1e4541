package sweep

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Plots are hand-written SVG: a line chart needs axes, ticks, polylines and
// a legend, about 200 lines, and writing them keeps mcheck free of a
// plotting dependency and its fonts (README.md, "Plots").

// Series is one line of a chart.
type Series struct {
	Name string
	X, Y []float64
}

// Chart is a line chart: one panel with its axes.
type Chart struct {
	Title, XLabel, YLabel string
	LogY                  bool // base-10 log scale on y (points with y <= 0 are left out)
	Series                []Series
}

// Panel geometry, in SVG user units.
const (
	panelW, panelH            = 440, 320
	marginL, marginR, marginT = 70, 20, 40
	marginB                   = 50
	legendLine                = 16
)

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"}

// WriteSVG draws charts side by side, with one legend below them (series
// are matched by name and colour across panels).
func WriteSVG(w io.Writer, charts ...Chart) error {
	names := seriesNames(charts)
	width := panelW * len(charts)
	height := panelH + legendLine*len(names) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	for i, c := range charts {
		fmt.Fprintf(&b, `<g class="panel" transform="translate(%d,0)">`+"\n", i*panelW)
		drawPanel(&b, c, names)
		b.WriteString("</g>\n")
	}
	for i, n := range names {
		y := panelH + legendLine*i + 8
		fmt.Fprintf(&b, `<g class="legend"><line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/><text x="%d" y="%d">%s</text></g>`+"\n",
			marginL, y, marginL+24, y, colour(i), marginL+30, y+4, xmlEscape(n))
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func seriesNames(charts []Chart) []string {
	var names []string
	seen := map[string]bool{}
	for _, c := range charts {
		for _, s := range c.Series {
			if !seen[s.Name] {
				seen[s.Name] = true
				names = append(names, s.Name)
			}
		}
	}
	return names
}

func colour(i int) string { return palette[i%len(palette)] }

// scale maps data to the plot area.
type scale struct {
	lo, hi   float64 // data range (log10 of it for a log scale)
	log      bool
	from, to float64 // pixels
}

func (s scale) at(v float64) float64 {
	if s.log {
		v = math.Log10(v)
	}
	if s.hi == s.lo {
		return (s.from + s.to) / 2
	}
	return s.from + (v-s.lo)/(s.hi-s.lo)*(s.to-s.from)
}

func drawPanel(b *strings.Builder, c Chart, names []string) {
	xs, ys := c.scales()
	x0, x1, y0, y1 := float64(marginL), float64(panelW-marginR), float64(panelH-marginB), float64(marginT)
	fmt.Fprintf(b, `<text class="title" x="%g" y="20" text-anchor="middle" font-size="14">%s</text>`+"\n", (x0+x1)/2, xmlEscape(c.Title))
	b.WriteString(`<g class="axis x">` + "\n")
	fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`+"\n", x0, y0, x1, y0)
	for _, t := range c.xTicks() {
		px := xs.at(t)
		fmt.Fprintf(b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="black"/><text x="%.1f" y="%g" text-anchor="middle">%s</text>`+"\n", px, y0, px, y0+5, px, y0+18, fmtTick(t))
	}
	fmt.Fprintf(b, `<text class="label" x="%g" y="%g" text-anchor="middle">%s</text>`+"\n", (x0+x1)/2, y0+38, xmlEscape(c.XLabel))
	b.WriteString("</g>\n" + `<g class="axis y">` + "\n")
	fmt.Fprintf(b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="black"/>`+"\n", x0, y0, x0, y1)
	for _, t := range c.yTicks(ys) {
		py := ys.at(t)
		fmt.Fprintf(b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="black"/><line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#ddd"/><text x="%g" y="%.1f" text-anchor="end">%s</text>`+"\n",
			x0-5, py, x0, py, x0, py, x1, py, x0-8, py+4, fmtTick(t))
	}
	fmt.Fprintf(b, `<text class="label" transform="translate(16,%g) rotate(-90)" text-anchor="middle">%s</text>`+"\n", (y0+y1)/2, xmlEscape(c.YLabel))
	b.WriteString("</g>\n")
	for _, s := range c.Series {
		idx := indexOf(names, s.Name)
		var pts []string
		for i := range s.X {
			if c.LogY && s.Y[i] <= 0 {
				continue
			}
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", xs.at(s.X[i]), ys.at(s.Y[i])))
		}
		fmt.Fprintf(b, `<polyline class="series" data-series="%s" points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", xmlEscape(s.Name), strings.Join(pts, " "), colour(idx))
		for _, p := range pts {
			x, y, _ := strings.Cut(p, ",")
			fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", x, y, colour(idx))
		}
	}
}

func indexOf(names []string, n string) int {
	for i, m := range names {
		if m == n {
			return i
		}
	}
	return 0
}

// scales fit the data: x linear, y from 0 (linear) or whole decades (log).
func (c Chart) scales() (scale, scale) {
	xlo, xhi := math.Inf(1), math.Inf(-1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for i := range s.X {
			if c.LogY && s.Y[i] <= 0 {
				continue
			}
			xlo, xhi = math.Min(xlo, s.X[i]), math.Max(xhi, s.X[i])
			ylo, yhi = math.Min(ylo, s.Y[i]), math.Max(yhi, s.Y[i])
		}
	}
	if math.IsInf(xlo, 1) {
		xlo, xhi, ylo, yhi = 0, 1, 1, 10
	}
	xs := scale{lo: xlo, hi: xhi, from: marginL + 10, to: panelW - marginR - 10}
	ys := scale{log: c.LogY, from: panelH - marginB, to: marginT}
	if c.LogY {
		ys.lo, ys.hi = math.Floor(math.Log10(ylo)), math.Ceil(math.Log10(yhi))
		if ys.hi == ys.lo {
			ys.hi++
		}
	} else {
		ys.lo, ys.hi = 0, niceCeil(yhi)
	}
	return xs, ys
}

// xTicks are the distinct x values of the data when there are few, else
// about six even steps.
func (c Chart) xTicks() []float64 {
	seen := map[float64]bool{}
	var out []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for _, x := range s.X {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	if len(out) <= 12 {
		return out
	}
	step := niceCeil((hi - lo) / 6)
	out = out[:0]
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		out = append(out, v)
	}
	return out
}

func (c Chart) yTicks(ys scale) []float64 {
	var out []float64
	if ys.log {
		for e := ys.lo; e <= ys.hi; e++ {
			out = append(out, math.Pow(10, e))
		}
		return out
	}
	step := niceCeil(ys.hi / 5)
	for v := 0.0; v <= ys.hi+step/2; v += step {
		out = append(out, v)
	}
	return out
}

// niceCeil rounds up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// fmtTick prints 1000000 as 1e6, 0.001 as 0.001, and 42 as 42.
func fmtTick(v float64) string {
	if v >= 1e5 || (v > 0 && v < 1e-3) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
