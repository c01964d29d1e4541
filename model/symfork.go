package model

// Fork returns a Symmetry with the same groups and scratch of its own:
// Canonical writes its scratch, so each concurrent search worker needs one.
func (sy *Symmetry) Fork() *Symmetry {
	if sy == nil {
		return nil
	}
	c := *sy
	n := len(sy.p.Procs)
	c.keys = make([][]int64, n)
	c.order, c.inv = make([]int, n), make([]int, n)
	c.tmp = make([]uint64, sy.p.words)
	c.newObjScratch()
	return &c
}
