package compile

import (
	"bufio"
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"mcheck/specs/syntax"
)

// Expectation is one `// expect [NAME=V ...]: verdict` line of a spec.
type Expectation struct {
	Pos      syntax.Pos
	Set      map[string]int64 // constant overrides for this run
	Verdict  string           // "holds", "deadlock" or "violation"
	Property string           // for violation: a property name or a kind
}

// String renders the expectation as written (constants sorted).
func (e Expectation) String() string {
	s := e.Verdict
	if e.Property != "" {
		s += " " + e.Property
	}
	return s
}

// SetString renders the overrides as "A=1 B=2", sorted, or "" for none.
func (e Expectation) SetString() string {
	keys := make([]string, 0, len(e.Set))
	for k := range e.Set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.FormatInt(e.Set[k], 10)
	}
	return strings.Join(parts, " ")
}

var expectRE = regexp.MustCompile(`^(\s*//\s*)expect\b([^:]*):\s*(.*?)\s*$`)

// ParseExpectations reads the expect: comment lines of a spec.
func ParseExpectations(filename string, src []byte) ([]Expectation, syntax.ErrorList) {
	var out []Expectation
	var errs syntax.ErrorList
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) // a byte order mark, as the scanner skips it
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), len(src)+1)
	for line := 1; sc.Scan(); line++ {
		m := expectRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		pos := syntax.Pos{Line: line, Col: len(m[1]) + 1}
		e := Expectation{Pos: pos}
		for _, kv := range strings.Fields(m[2]) {
			k, v, ok := strings.Cut(kv, "=")
			n, err := strconv.ParseInt(v, 10, 64)
			if !ok || err != nil || k == "" {
				errs.Add(filename, pos, "bad constant setting %q in expect line (want NAME=INTEGER)", kv)
				continue
			}
			if e.Set == nil {
				e.Set = map[string]int64{}
			}
			e.Set[k] = n
		}
		verdict, _, _ := strings.Cut(m[3], "//") // a trailing comment
		words := strings.Fields(verdict)
		switch {
		case len(words) == 1 && (words[0] == "holds" || words[0] == "deadlock"):
			e.Verdict = words[0]
		case len(words) == 2 && words[0] == "violation":
			e.Verdict, e.Property = "violation", words[1]
		default:
			errs.Add(filename, pos, "bad expect line %q: want holds, deadlock, or violation NAME", strings.TrimSpace(verdict))
			continue
		}
		out = append(out, e)
	}
	return out, errs
}
