package report

import "strings"

// wrap breaks s into lines of at most width runes at spaces; a word longer
// than a line is split where it must be. Continuation lines start with
// indent spaces (when that leaves room). Nothing is ever dropped.
func wrap(s string, width, indent int) []string {
	if width < 1 {
		width = 1
	}
	if indent >= width/2 {
		indent = 0
	}
	var out []string
	line := ""
	limit := width
	flush := func() {
		out = append(out, line)
		line = strings.Repeat(" ", indent)
		limit = width
	}
	for _, word := range strings.Fields(s) {
		for {
			sep := ""
			if strings.TrimSpace(line) != "" {
				sep = " "
			}
			if runeLen(line)+len(sep)+runeLen(word) <= limit {
				line += sep + word
				break
			}
			if strings.TrimSpace(line) != "" {
				// a word too long for any line starts here when a piece of it fits
				room := limit - runeLen(line) - 1
				if runeLen(word) > width-indent && room >= 4 {
					if cut := breakPoint([]rune(word)[:room]); cut > 0 {
						r := []rune(word)
						line += " " + string(r[:cut])
						word = string(r[cut:])
					}
				}
				flush()
				continue
			}
			// the word alone does not fit: split it, after punctuation if possible
			room := limit - runeLen(line)
			r := []rune(word)
			if cut := breakPoint(r[:room]); cut > 0 {
				room = cut
			}
			line += string(r[:room])
			word = string(r[room:])
			flush()
		}
	}
	if strings.TrimSpace(line) != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

func runeLen(s string) int { return len([]rune(s)) }

// pad fills s with spaces to width runes.
func pad(s string, width int) string {
	if n := runeLen(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

// wrapTo wraps each paragraph to width with a hanging indent.
func wrapTo(width, indent int, paras ...string) []string {
	var out []string
	for _, p := range paras {
		out = append(out, wrap(p, width, indent)...)
	}
	return out
}

// breakPoint returns the length of the longest prefix of r that ends just
// after a '(' ',' '.' or '_' (a place code reads well broken), or 0.
func breakPoint(r []rune) int {
	for i := len(r) - 1; i > 0; i-- {
		switch r[i-1] {
		case '(', ',', '.', '_':
			return i
		}
	}
	return 0
}
