package sweep

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Column is one column of a table.
type Column struct {
	Name    string // as --columns names it
	Header  string
	Numeric bool             // right-aligned, thousands separators in text, Markdown and LaTeX
	cell    func(Row) string // as a person reads it
	raw     func(Row) any    // for CSV and JSON Lines: numbers stay numbers
	has     func(r Row) bool // nil: every row has a value
}

func (c Column) text(r Row) string {
	if c.has != nil && !c.has(r) {
		return "-"
	}
	return c.cell(r)
}

func (c Column) value(r Row) any {
	if c.has != nil && !c.has(r) {
		return nil
	}
	return c.raw(r)
}

func str(f func(Row) string) (func(Row) string, func(Row) any) {
	return f, func(r Row) any { return f(r) }
}

func num(f func(Row) int64) (func(Row) string, func(Row) any) {
	return func(r Row) string { return strconv.FormatInt(f(r), 10) }, func(r Row) any { return f(r) }
}

func column(name, header string, numeric bool, cell func(Row) string, raw func(Row) any) Column {
	return Column{Name: name, Header: header, Numeric: numeric, cell: cell, raw: raw}
}

// fixedColumns are the columns every row has, by name.
func fixedColumns() []Column {
	verdictCell, verdictRaw := str(Row.VerdictCell)
	settingCell, settingRaw := str(Row.Setting)
	return []Column{
		column("spec", "spec", false, func(r Row) string { return r.Spec }, func(r Row) any { return r.Spec }),
		column("setting", "setting", false, settingCell, settingRaw),
		column("verdict", "verdict", false, verdictCell, verdictRaw),
		column("kind", "kind", false, func(r Row) string { return dash(r.Kind) }, func(r Row) any { return r.Kind }),
		column("property", "property", false, func(r Row) string { return dash(r.Property) }, func(r Row) any { return r.Property }),
		column("states", "states", true, func(r Row) string { return strconv.FormatInt(r.States, 10) }, func(r Row) any { return r.States }),
		column("transitions", "transitions", true, func(r Row) string { return strconv.FormatInt(r.Transitions, 10) }, func(r Row) any { return r.Transitions }),
		column("depth", "depth", true, func(r Row) string { return strconv.Itoa(r.Depth) }, func(r Row) any { return r.Depth }),
		column("seconds", "seconds", true, func(r Row) string { return strconv.FormatFloat(r.Seconds, 'f', 2, 64) }, func(r Row) any { return r.Seconds }),
		column("memory", "MiB", true, func(r Row) string { return strconv.FormatFloat(float64(r.Bytes)/(1<<20), 'f', 1, 64) }, func(r Row) any { return r.Bytes }),
		column("reduction", "reduction", false, reductionCell, func(r Row) any { return reductionCell(r) }),
		column("reason", "reason", false, func(r Row) string { return dash(r.Reason) }, func(r Row) any { return r.Reason }),
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// reductionCell is "por", "por+sym fault[4]", "sym fault[4]" or "none".
func reductionCell(r Row) string {
	var parts []string
	if r.POR {
		parts = append(parts, "por")
	}
	if r.Symmetry != "" {
		parts = append(parts, "sym "+r.Symmetry)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// constColumn is the value of one constant.
func constColumn(name string) Column {
	get := func(r Row) (int64, bool) {
		for _, c := range r.Constants {
			if c.Name == name {
				return c.Value, true
			}
		}
		for _, c := range r.Swept {
			if c.Name == name {
				return c.Value, true
			}
		}
		return 0, false
	}
	cell, raw := num(func(r Row) int64 { v, _ := get(r); return v })
	c := column(name, name, true, cell, raw)
	c.has = func(r Row) bool { _, ok := get(r); return ok }
	return c
}

// measureColumn is a measure's maximum ("max:NAME") or minimum ("min:NAME").
func measureColumn(which, name string) Column {
	get := func(r Row) int64 {
		m, _ := r.measure(name)
		if which == "min" {
			return m.Min
		}
		return m.Max
	}
	c := column(which+":"+name, which+" "+name, true, func(r Row) string {
		m, _ := r.measure(name)
		s := strconv.FormatInt(get(r), 10)
		if !m.Complete {
			s = "≥" + s // a lower bound on the maximum (an upper bound on the minimum)
			if which == "min" {
				s = "≤" + strconv.FormatInt(get(r), 10)
			}
		}
		return s
	}, func(r Row) any { return get(r) })
	c.has = func(r Row) bool { _, ok := r.measure(name); return ok }
	return c
}

// DefaultColumns are spec, each swept constant, verdict, property, states,
// transitions, depth, seconds, memory, and the maximum of each measure.
func DefaultColumns(axes []Axis, rows []Row) []string {
	cols := []string{"spec"}
	for _, a := range axes {
		cols = append(cols, a.Name)
	}
	cols = append(cols, "verdict", "property", "states", "transitions", "depth", "seconds", "memory")
	for _, n := range measureNames(rows) {
		cols = append(cols, "max:"+n)
	}
	return cols
}

func measureNames(rows []Row) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, m := range r.Measures {
			if !seen[m.Name] {
				seen[m.Name] = true
				names = append(names, m.Name)
			}
		}
	}
	return names
}

// ColumnNames lists what --columns accepts besides constant names and
// max:NAME / min:NAME.
func ColumnNames() []string {
	var out []string
	for _, c := range fixedColumns() {
		out = append(out, c.Name)
	}
	return out
}

// Columns resolves column names: a fixed column, max:NAME or min:NAME of a
// measure, or any other identifier as a constant's value.
func Columns(names []string) ([]Column, error) {
	fixed := map[string]Column{}
	for _, c := range fixedColumns() {
		fixed[c.Name] = c
	}
	var out []Column
	for _, n := range names {
		n = strings.TrimSpace(n)
		if c, ok := fixed[n]; ok {
			out = append(out, c)
			continue
		}
		if which, m, ok := strings.Cut(n, ":"); ok && (which == "max" || which == "min") && m != "" {
			out = append(out, measureColumn(which, m))
			continue
		}
		if !isIdent(n) {
			return nil, fmt.Errorf("--columns: unknown column %q (want %s, a constant's name, max:MEASURE or min:MEASURE)", n, strings.Join(ColumnNames(), ", "))
		}
		out = append(out, constColumn(n))
	}
	return out, nil
}

func isIdent(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// Write renders rows in a format: text, markdown, csv, jsonl or latex.
func Write(w io.Writer, format string, cols []Column, rows []Row, caption string) error {
	switch format {
	case "text":
		return writeText(w, cols, rows)
	case "markdown":
		return writeMarkdown(w, cols, rows)
	case "csv":
		return writeCSV(w, cols, rows)
	case "jsonl":
		return writeJSONL(w, cols, rows)
	case "latex":
		return writeLaTeX(w, cols, rows, caption)
	}
	return fmt.Errorf("--format %q: want text, markdown, csv, jsonl or latex", format)
}

// Formats lists what Write accepts.
var Formats = []string{"text", "markdown", "csv", "jsonl", "latex"}

// cells is the table as people read it: numbers with thousands separators.
func cells(cols []Column, rows []Row) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(cols))
		for j, c := range cols {
			s := c.text(r)
			if c.Numeric {
				s = thousands(s, ",")
			}
			out[i][j] = s
		}
	}
	return out
}

// thousands groups the integer part of a decimal number in threes.
func thousands(s, sep string) string {
	start := strings.IndexAny(s, "0123456789")
	if start < 0 {
		return s
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	digits := s[start:end]
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	return s[:start] + b.String() + s[end:]
}

func writeText(w io.Writer, cols []Column, rows []Row) error {
	table := append([][]string{headers(cols)}, cells(cols, rows)...)
	width := make([]int, len(cols))
	for _, line := range table {
		for j, s := range line {
			width[j] = max(width[j], len([]rune(s)))
		}
	}
	for _, line := range table {
		var b strings.Builder
		for j, s := range line {
			pad := strings.Repeat(" ", width[j]-len([]rune(s)))
			if j > 0 {
				b.WriteString("  ")
			}
			if cols[j].Numeric {
				b.WriteString(pad + s)
			} else if j < len(line)-1 {
				b.WriteString(s + pad)
			} else {
				b.WriteString(s)
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

func headers(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}

func writeMarkdown(w io.Writer, cols []Column, rows []Row) error {
	rule := make([]string, len(cols))
	for i, c := range cols {
		rule[i] = "---"
		if c.Numeric {
			rule[i] = "---:"
		}
	}
	lines := append([][]string{headers(cols), rule}, cells(cols, rows)...)
	for _, line := range lines {
		esc := make([]string, len(line))
		for i, s := range line {
			esc[i] = strings.ReplaceAll(s, "|", `\|`)
		}
		if _, err := fmt.Fprintf(w, "| %s |\n", strings.Join(esc, " | ")); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(w io.Writer, cols []Column, rows []Row) error {
	cw := csv.NewWriter(w)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	if err := cw.Write(names); err != nil {
		return err
	}
	for _, r := range rows {
		rec := make([]string, len(cols))
		for i, c := range cols {
			if v := c.value(r); v != nil {
				rec[i] = fmt.Sprint(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSONL writes one object per row, keys in column order.
func writeJSONL(w io.Writer, cols []Column, rows []Row) error {
	for _, r := range rows {
		var b strings.Builder
		b.WriteByte('{')
		for i, c := range cols {
			k, _ := json.Marshal(c.Name)
			v, err := json.Marshal(c.value(r))
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(k)
			b.WriteByte(':')
			b.Write(v)
		}
		b.WriteString("}\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
