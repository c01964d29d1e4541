package report

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"mcheck/model"
)

//go:embed assets/trace.html
var pageSource string

var page = template.Must(template.New("trace").Parse(pageSource))

// htmlData is what the page shows; the script gets it as JSON.
type htmlData struct {
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Processes []string   `json:"processes"`
	Names     []string   `json:"names"`   // every displayed value's name
	Initial   []string   `json:"initial"` // the initial state's values
	Steps     []htmlStep `json:"steps"`
	Violation []string   `json:"violation"` // lines: the property and what breaks it
	Culprits  []string   `json:"culprits"`  // names of the values that break an invariant
	Blocked   []htmlCell `json:"blocked"`   // a deadlock's blocked processes
	// A liveness lasso: steps Loop+1..len(Steps) are a cycle that repeats
	// forever (Cycle of them); 0 when the counterexample has no cycle.
	Loop  int `json:"loop"`
	Cycle int `json:"cycle"`
	First int `json:"-"` // Loop+1, for the key
}

type htmlStep struct {
	Pid     int      `json:"pid"`
	Head    string   `json:"head"`    // "57 down_read(mmap_lock)"
	Events  []string `json:"events"`  // lock events and changed values, as in the lanes
	Values  []string `json:"values"`  // the full state after the step
	Changed []int    `json:"changed"` // indices into Names
	Held    []bool   `json:"held"`    // by pid: holds a lock after the step
}

type htmlCell struct {
	Pid  int    `json:"pid"`
	Text string `json:"text"`
}

// HTML writes a counterexample as one self-contained page (no network): the
// swim lanes with a key to their marks, a slider and keys (arrows, Home,
// End) to step through the trace, the full state at each step with the
// changed values highlighted, and the violated property with the values
// that break it. The page opens at the last step, so the whole trace shows.
func HTML(w io.Writer, run Run) error {
	return page.Execute(w, buildHTML(run))
}

func buildHTML(run Run) htmlData {
	p, r := run.Program, run.Result
	d := htmlData{Title: titleOf(run), Summary: Summary(run), Cycle: r.Cycle, Loop: len(r.Trace) - r.Cycle, First: len(r.Trace) - r.Cycle + 1}
	for _, pr := range p.Procs {
		d.Processes = append(d.Processes, pr.Name())
	}
	init := p.Values(r.Initial)
	for _, v := range init {
		d.Names = append(d.Names, v.Name)
		d.Initial = append(d.Initial, v.Text)
	}
	rows := laneRows(run)
	prev := init
	for i, st := range r.Trace {
		pid := int(st.Trans.Pid)
		cur := p.Values(st.State)
		hs := htmlStep{Pid: pid, Held: make([]bool, len(p.Procs))}
		paras := rows[i].cells[pid]
		hs.Head = paras[0].text
		for _, pa := range paras[1:] {
			hs.Events = append(hs.Events, pa.text)
		}
		for k := range cur {
			hs.Values = append(hs.Values, cur[k].Text)
			if cur[k].Text != prev[k].Text {
				hs.Changed = append(hs.Changed, k)
			}
		}
		for pid, h := range rows[i].held {
			hs.Held[pid] = h
		}
		d.Steps = append(d.Steps, hs)
		prev = cur
	}
	if r.Violation != nil {
		d.Violation = ending(run, 1<<20)
		for _, c := range Culprits(p, r) {
			d.Culprits = append(d.Culprits, c.Var)
		}
		if r.Violation.Kind == model.KindDeadlock {
			for _, b := range r.Blocked {
				d.Blocked = append(d.Blocked, htmlCell{Pid: b.Pid, Text: blockedAt(b) + " " + shortStatement(b.Text) + " BLOCKED: " + b.Reason})
			}
		}
	}
	for i := range d.Violation {
		d.Violation[i] = strings.TrimRight(d.Violation[i], " ")
	}
	return d
}
