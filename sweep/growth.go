package sweep

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// point is one row placed on a growth plot.
type point struct {
	series  string
	x       int64
	states  int64
	seconds float64
	verdict string
}

// growthPoints places rows on x: one series per spec and setting of the
// other swept constants. Rows that did not finish (incomplete, error) are
// left out: their counts are not the state space's size.
func growthPoints(rows []Row, x string) ([]point, error) {
	var out []point
	for _, r := range rows {
		if r.Verdict == "incomplete" || r.Verdict == "error" {
			continue
		}
		p := point{series: r.Spec, states: r.States, seconds: r.Seconds, verdict: r.VerdictCell()}
		found := false
		var rest []string
		for _, c := range r.Swept {
			if c.Name == x {
				p.x, found = c.Value, true
			} else {
				rest = append(rest, fmt.Sprintf("%s=%d", c.Name, c.Value))
			}
		}
		if !found {
			continue
		}
		if len(rest) > 0 {
			p.series += " " + strings.Join(rest, " ")
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--plot: no finished run sweeps %s", x)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].x < out[j].x })
	return out, nil
}

// GrowthCharts are the state-space growth plots: states and seconds
// against the swept constant x, both on a log axis, one line per spec.
func GrowthCharts(rows []Row, x string) ([]Chart, error) {
	pts, err := growthPoints(rows, x)
	if err != nil {
		return nil, err
	}
	states := Chart{Title: "States stored", XLabel: x, YLabel: "states (log)", LogY: true}
	secs := Chart{Title: "Time", XLabel: x, YLabel: "seconds (log)", LogY: true}
	idx := map[string]int{}
	for _, p := range pts {
		i, ok := idx[p.series]
		if !ok {
			i = len(states.Series)
			idx[p.series] = i
			states.Series = append(states.Series, Series{Name: p.series})
			secs.Series = append(secs.Series, Series{Name: p.series})
		}
		states.Series[i].X = append(states.Series[i].X, float64(p.x))
		states.Series[i].Y = append(states.Series[i].Y, float64(p.states))
		secs.Series[i].X = append(secs.Series[i].X, float64(p.x))
		secs.Series[i].Y = append(secs.Series[i].Y, p.seconds)
	}
	return []Chart{states, secs}, nil
}

// WriteGrowthCSV writes the growth plots' data: series, x, states, seconds, verdict.
func WriteGrowthCSV(w io.Writer, rows []Row, x string) error {
	pts, err := growthPoints(rows, x)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"series", x, "states", "seconds", "verdict"})
	for _, p := range pts {
		cw.Write([]string{p.series, strconv.FormatInt(p.x, 10), strconv.FormatInt(p.states, 10),
			strconv.FormatFloat(p.seconds, 'f', 4, 64), p.verdict})
	}
	cw.Flush()
	return cw.Error()
}

// LevelsChart plots the states first reached at each BFS level of one run.
func LevelsChart(name string, levels []int64) Chart {
	s := Series{Name: name}
	for d, n := range levels {
		s.X = append(s.X, float64(d))
		s.Y = append(s.Y, float64(n))
	}
	return Chart{Title: "States per BFS level", XLabel: "BFS level (steps from the initial state)", YLabel: "states", Series: []Series{s}}
}

// WriteLevelsCSV writes level, states.
func WriteLevelsCSV(w io.Writer, levels []int64) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"level", "states"})
	for d, n := range levels {
		cw.Write([]string{strconv.Itoa(d), strconv.FormatInt(n, 10)})
	}
	cw.Flush()
	return cw.Error()
}
