package report

import (
	"sort"
	"strconv"
	"strings"

	"mcheck/model"
)

// syncObjects maps the display name of every sync object (as in
// Program.Values) to its kind.
func syncObjects(p *model.Program) map[string]model.TypeKind {
	out := map[string]model.TypeKind{}
	var walk func(name string, t *model.Type)
	walk = func(name string, t *model.Type) {
		switch t.Kind {
		case model.TStruct:
			for _, f := range t.Fields {
				walk(name+"."+f.Name, f.Type)
			}
		case model.TArray:
			for i := 0; i < t.Len; i++ {
				walk(name+"["+strconv.Itoa(i)+"]", t.Elem)
			}
		case model.TMutex, model.TSpinlock, model.TRwsem:
			out[name] = t.Kind
		}
	}
	for _, g := range p.Globals {
		walk(g.Name, g.Type)
	}
	return out
}

// lockState is a lock's text from Program.Values, taken apart: who holds it
// and how ("r", "w", or "" for a mutex or spinlock), and who is queued.
type lockState struct {
	held   map[string]string
	queued map[string]bool
}

func parseLock(text string) lockState {
	ls := lockState{held: map[string]string{}, queued: map[string]bool{}}
	for _, part := range strings.Split(text, "; ") {
		switch {
		case strings.HasPrefix(part, "held by "):
			ls.held[strings.TrimPrefix(part, "held by ")] = ""
		case strings.HasPrefix(part, "write-held by "):
			ls.held[strings.TrimPrefix(part, "write-held by ")] = "w"
		case strings.HasPrefix(part, "read-held by "):
			for _, n := range strings.Split(strings.TrimPrefix(part, "read-held by "), ", ") {
				ls.held[readerName(n)] = "r"
			}
		case strings.HasPrefix(part, "writer queued: "):
			for _, n := range strings.Split(strings.TrimPrefix(part, "writer queued: "), ", ") {
				ls.queued[n] = true
			}
		}
	}
	return ls
}

// readerName strips a recursion count: "fault[0]x2" is fault[0].
func readerName(n string) string {
	if i := strings.LastIndexByte(n, 'x'); i > 0 {
		if _, err := strconv.Atoi(n[i+1:]); err == nil {
			return n[:i]
		}
	}
	return n
}

func lockLabel(name, mode string) string {
	if mode == "" {
		return name
	}
	return name + "(" + mode + ")"
}

// lockEvents describes, from proc's point of view, how a lock changed:
// "+mmap_lock(r)" taken, "-mmap_lock(r)" released, "queued for
// mmap_lock(w)"; a change that is not proc's own shows the new text.
func lockEvents(proc, name, before, after string) []string {
	b, a := parseLock(before), parseLock(after)
	var out []string
	bm, bh := b.held[proc]
	am, ah := a.held[proc]
	if bh && (!ah || am != bm) {
		out = append(out, "-"+lockLabel(name, bm))
	}
	if ah && (!bh || am != bm) {
		out = append(out, "+"+lockLabel(name, am))
	}
	if a.queued[proc] && !b.queued[proc] {
		out = append(out, "queued for "+lockLabel(name, "w"))
	}
	if len(out) == 0 {
		out = append(out, name+": "+after)
	}
	return out
}

// heldBy lists, for each process name, the locks it holds in vals, sorted.
func heldBy(vals []model.Value, objs map[string]model.TypeKind) map[string][]string {
	out := map[string][]string{}
	for _, v := range vals {
		if _, ok := objs[v.Name]; !ok {
			continue
		}
		for proc, mode := range parseLock(v.Text).held {
			out[proc] = append(out[proc], lockLabel(v.Name, mode))
		}
	}
	for _, l := range out {
		sort.Strings(l)
	}
	return out
}
