package explorer

import (
	"encoding/binary"
	"fmt"
	"os"
)

// trail is the file where a breadth-first fingerprint search keeps its
// expanded states' parents and steps (as TLC keeps its trace file): fixed
// records by state index, appended a chunk at a time as the search
// releases the chunk, and read back only to build a trace. The file is
// created in os.TempDir() and removed at once where the system allows (it
// lives while it is open), else when the search ends (close).
type trail struct {
	f     *os.File
	name  string // "" once removed
	width int    // of a via code
	n     int    // records written
	buf   []byte
	err   error
}

func (tr *trail) recBytes() int { return 4 + tr.width }

// append writes the records of chunk c, states [tr.n, tr.n+k), and
// reports whether it did; after a failure it writes nothing more (err).
func (tr *trail) append(c *chunk, k int) bool {
	if tr.err != nil {
		return false
	}
	if tr.f == nil {
		f, err := os.CreateTemp("", "mcheck-trail-")
		if err != nil {
			tr.err = err
			return false
		}
		tr.f = f
		tr.name = tr.f.Name()
		if os.Remove(tr.name) == nil {
			tr.name = ""
		}
	}
	rb := tr.recBytes()
	tr.buf = tr.buf[:0]
	for j := 0; j < k; j++ {
		tr.buf = binary.LittleEndian.AppendUint32(tr.buf, c.parent[j])
		tr.buf = append(tr.buf, c.via[j*tr.width:(j+1)*tr.width]...)
	}
	if _, err := tr.f.WriteAt(tr.buf, int64(tr.n)*int64(rb)); err != nil {
		tr.err = err
		return false
	}
	tr.n += k
	return true
}

// read returns state i's parent and its via code's bytes.
func (tr *trail) read(i int) (parent uint32, via []byte) {
	rb := tr.recBytes()
	rec := make([]byte, rb)
	if _, err := tr.f.ReadAt(rec, int64(i)*int64(rb)); err != nil {
		panic(fmt.Sprintf("reading the trace file: %v", err))
	}
	return binary.LittleEndian.Uint32(rec), rec[4:]
}

// bytes is the memory the trail holds (its write buffer).
func (tr *trail) bytes() int64 { return int64(cap(tr.buf)) }

// close closes and removes the file.
func (tr *trail) close() {
	if tr.f == nil {
		return
	}
	tr.f.Close()
	if tr.name != "" {
		os.Remove(tr.name)
	}
	tr.f = nil
}
