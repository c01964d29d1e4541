package report

import (
	"fmt"
	"strconv"
	"strings"

	"mcheck/model"
)

// DefaultWidth is the width swim lanes fit by default: a mail to a kernel list.
const DefaultWidth = 72

const gutter = 2 // "| " while the lane's process holds a lock

// para is a cell paragraph: wrapped with a hanging indent.
type para struct {
	text string
	hang int
}

// laneRow is one row of the lanes: a step, or the final blocked row.
type laneRow struct {
	label string
	cells map[int][]para // by pid
	held  map[int]bool   // processes holding a lock during the row
}

// laneRows resolves the trace into rows.
func laneRows(run Run) []laneRow {
	p, r := run.Program, run.Result
	locks := lockNames(p)
	prevState, prev := r.Initial, p.Values(r.Initial)
	var rows []laneRow
	for i, st := range r.Trace {
		pid := int(st.Trans.Pid)
		name := p.Procs[pid].Name()
		paras := stepHead(&p.Procs[pid].Type.Nodes[st.Trans.Node])
		cur := p.Values(st.State)
		for k := range cur {
			if cur[k].Text == prev[k].Text {
				continue
			}
			if l, ok := locks[cur[k].Name]; ok {
				for _, e := range lockEvents(p, pid, l, prevState, st.State, cur[k].Text) {
					paras = append(paras, para{e, 2})
				}
				continue
			}
			v := strings.TrimPrefix(cur[k].Name, name+".")
			paras = append(paras, para{v + " = " + cur[k].Text, 2})
		}
		if i == len(r.Trace)-1 && stepViolation(r) {
			paras = append(paras, para{"!! " + strings.Replace(violationName(r.Violation), " ", ": ", 1), 3})
		}
		rows = append(rows, laneRow{label: strconv.Itoa(i + 1), cells: map[int][]para{pid: paras}, held: holders(p, st.State)})
		prevState, prev = st.State, cur
	}
	if v := r.Violation; v != nil && v.Kind == model.KindDeadlock && len(r.Blocked) > 0 {
		row := laneRow{label: "", cells: map[int][]para{}, held: holders(p, prevState)}
		for _, b := range r.Blocked {
			row.cells[b.Pid] = append(stepHead(&model.Node{Pos: b.Pos, Inlines: b.Inlines, Text: b.Text}), para{"BLOCKED", 0})
		}
		rows = append(rows, row)
	}
	return rows
}

// stepHead is a lane cell's first paragraphs for a statement: its line in
// the process body and its text, then for one inside an inline where it is.
func stepHead(nd *model.Node) []para {
	pos, _ := site(nd.Pos, nd.Inlines)
	ln := strconv.Itoa(pos.Line)
	out := []para{{ln + " " + shortStatement(nd.Text), len(ln) + 1}}
	if note := inlineNote(nd.Pos, nd.Inlines); note != "" {
		out = append(out, para{"(" + note + ")", 1})
	}
	return out
}

// holders says, by pid, who holds some lock in s.
func holders(p *model.Program, s []uint64) map[int]bool {
	out := map[int]bool{}
	for pid := range p.Procs {
		out[pid] = len(p.Holds(s, pid)) > 0
	}
	return out
}

// laneWidths gives each lane a content width: what it needs when all fits,
// else the widths (each at least what it needs or 10, whichever is less)
// that wrap the cells into the fewest lines in total (a small knapsack over
// the lanes), so long statements get room and idle lanes stay narrow. over
// reports that even the minimums do not fit in width.
func laneWidths(names []string, rows []laneRow, width, prefix int) (widths []int, over bool) {
	n := len(names)
	need := make([]int, n)
	for i, name := range names {
		need[i] = runeLen(name)
	}
	for _, row := range rows {
		for pid, paras := range row.cells {
			for _, pa := range paras {
				need[pid] = max(need[pid], runeLen(pa.text))
			}
		}
	}
	avail := width - prefix - n*gutter - (n - 1)
	lo := make([]int, n)
	total, sumNeed := 0, 0
	for i := range lo {
		lo[i] = min(need[i], 10)
		total += lo[i]
		sumNeed += need[i]
	}
	if total > avail {
		return lo, true // narrower lanes would be unreadable: exceed width
	}
	if sumNeed <= avail {
		return need, false
	}
	// best[i][c]: fewest lines for lanes 0..i-1 in c columns; pick[i][c] the width of lane i-1
	const inf = 1 << 30
	best := make([][]int, n+1)
	pick := make([][]int, n+1)
	for i := range best {
		best[i] = make([]int, avail+1)
		pick[i] = make([]int, avail+1)
		for c := range best[i] {
			best[i][c] = inf
		}
	}
	best[0][0] = 0
	for i := 0; i < n; i++ {
		for c := 0; c <= avail; c++ {
			if best[i][c] == inf {
				continue
			}
			for w := lo[i]; w <= need[i] && c+w <= avail; w++ {
				cost := best[i][c] + laneLines(rows, i, w)
				if cost < best[i+1][c+w] {
					best[i+1][c+w], pick[i+1][c+w] = cost, w
				}
			}
		}
	}
	c := 0
	for k := 0; k <= avail; k++ {
		if best[n][k] < best[n][c] {
			c = k // the narrowest table among the best
		}
	}
	widths = make([]int, n)
	for i := n; i > 0; i-- {
		widths[i-1] = pick[i][c]
		c -= widths[i-1]
	}
	return widths, false
}

// laneLines counts the lines lane's cells wrap into at width w.
func laneLines(rows []laneRow, lane, w int) int {
	n := 0
	for _, row := range rows {
		for _, pa := range row.cells[lane] {
			n += len(wrap(pa.text, w, pa.hang))
		}
	}
	return n
}

// Lanes writes the trace as swim lanes: one column per process, one row per
// step in the column of the process that moved, fitted to width.
func Lanes(w *strings.Builder, run Run, width int) {
	p := run.Program
	rows := laneRows(run)
	names := make([]string, len(p.Procs))
	for i, pr := range p.Procs {
		names[i] = pr.Name()
	}
	numW := max(2, len(strconv.Itoa(len(run.Result.Trace))))
	prefix := numW + 2
	widths, over := laneWidths(names, rows, width, prefix)
	if over {
		for _, l := range wrap(fmt.Sprintf("(%d lanes do not fit in %d columns; the lanes are wider: use a larger --width, or --trace list)", len(names), width), width, 1) {
			w.WriteString(l + "\n")
		}
	}
	// header: names (wrapped if they must be), then rules
	head := make([][]string, len(names))
	rule := make([]string, len(names))
	for i, name := range names {
		head[i] = wrap(name, widths[i], 0)
		rule[i] = strings.Repeat("-", widths[i])
	}
	writeRow(w, numW, "#", widths, head, nil)
	writeRow(w, numW, "", widths, singleLines(rule), nil)
	loop := len(run.Result.Trace) - run.Result.Cycle
	for i, row := range rows {
		if run.Result.Cycle > 0 && i == loop {
			w.WriteString(cycleMark(run.Result) + "\n")
		}
		cols := make([][]string, len(names))
		for pid, paras := range row.cells {
			for _, pa := range paras {
				cols[pid] = append(cols[pid], wrap(pa.text, widths[pid], pa.hang)...)
			}
		}
		writeRow(w, numW, row.label, widths, cols, row.held)
	}
	if run.Result.Cycle > 0 {
		w.WriteString(cycleBack(run.Result) + "\n")
	}
}

func singleLines(s []string) [][]string {
	out := make([][]string, len(s))
	for i := range s {
		out[i] = []string{s[i]}
	}
	return out
}

// writeRow writes one row as many lines as its tallest cell needs; a lane's
// gutter shows "|" on every line while its process holds a lock.
func writeRow(w *strings.Builder, numW int, label string, widths []int, cols [][]string, held map[int]bool) {
	height := 1
	for _, c := range cols {
		height = max(height, len(c))
	}
	for j := 0; j < height; j++ {
		var b strings.Builder
		if j == 0 {
			fmt.Fprintf(&b, "%*s  ", numW, label)
		} else {
			b.WriteString(strings.Repeat(" ", numW+2))
		}
		for i, width := range widths {
			if i > 0 {
				b.WriteByte(' ')
			}
			if held[i] {
				b.WriteString("| ")
			} else {
				b.WriteString("  ")
			}
			text := ""
			if j < len(cols[i]) {
				text = cols[i][j]
			}
			b.WriteString(pad(text, width))
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}
