// Package protocols is the catalogue: one .mc spec per locking design or
// kernel case, embedded into the binary. Each file's header comment names the
// design and its sources; its expect: lines are what `mcheck test` enforces.
package protocols

import (
	"embed"
	"sort"
	"strings"
)

//go:embed *.mc
var files embed.FS

// Names lists the catalogue's specs, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".mc") {
			out = append(out, strings.TrimSuffix(e.Name(), ".mc"))
		}
	}
	sort.Strings(out)
	return out
}

// Source returns a spec's text and its file name (protocols/NAME.mc).
func Source(name string) (src []byte, filename string, ok bool) {
	b, err := files.ReadFile(name + ".mc")
	if err != nil {
		return nil, "", false
	}
	return b, "protocols/" + name + ".mc", true
}

// Summary returns the first line of a spec's header comment.
func Summary(src []byte) string {
	for _, line := range strings.Split(string(src), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "//") {
			if t == "" {
				continue
			}
			return ""
		}
		t = strings.TrimSpace(strings.TrimPrefix(t, "//"))
		if t != "" && !strings.HasPrefix(t, "expect") {
			return t
		}
	}
	return ""
}
