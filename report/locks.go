package report

import "mcheck/model"

// lockNames maps the display name of every lock (as in Program.Values) to
// its index in Program.Locks.
func lockNames(p *model.Program) map[string]int {
	out := map[string]int{}
	for i, l := range p.Locks() {
		out[l.Name] = i
	}
	return out
}

func lockLabel(h model.Hold) string {
	switch h.Mode {
	case model.HoldRead:
		return h.Name + "(r)"
	case model.HoldWrite:
		return h.Name + "(w)"
	}
	return h.Name
}

// holdsOn lists how process pid holds lock in s (a rw_semaphore held for
// write and read by one process shows both).
func holdsOn(p *model.Program, s []uint64, pid, lock int) []model.Hold {
	var out []model.Hold
	for _, h := range p.Holds(s, pid) {
		if h.Lock == lock {
			out = append(out, h)
		}
	}
	return out
}

func hasMode(hs []model.Hold, m model.HoldMode) bool {
	for _, h := range hs {
		if h.Mode == m {
			return true
		}
	}
	return false
}

// lockEvents describes, from pid's point of view, how lock changed from
// state before to after: "+mmap_lock(r)" taken, "-mmap_lock(r)" released,
// "queued for mmap_lock(w)"; a change that is not pid's own (another
// process's, or a nested read hold) shows the lock's new text.
func lockEvents(p *model.Program, pid, lock int, before, after []uint64, text string) []string {
	b, a := holdsOn(p, before, pid, lock), holdsOn(p, after, pid, lock)
	if p.Granted(before, lock, pid) && !p.Granted(after, lock, pid) {
		b = nil // handed over by a release while it waited: taken as it moves on
	}
	var out []string
	for _, h := range b {
		if !hasMode(a, h.Mode) {
			out = append(out, "-"+lockLabel(h))
		}
	}
	for _, h := range a {
		if !hasMode(b, h.Mode) {
			out = append(out, "+"+lockLabel(h))
		}
	}
	if mode, ok := p.Queued(after, lock, pid); ok {
		if _, was := p.Queued(before, lock, pid); !was {
			out = append(out, "queued for "+lockLabel(model.Hold{Name: p.Locks()[lock].Name, Mode: mode}))
		}
	}
	if len(out) == 0 {
		out = append(out, p.Locks()[lock].Name+": "+text)
	}
	return out
}
