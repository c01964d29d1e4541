package explorer

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// The store finds every state it holds and no other, through table growth,
// tag narrowing (entries start with 4 index bits here, so the tags lose a
// bit at 15, 31, 63, ... states), chunks of 64 states, and collapse
// compression of the chunks
// below the level being filled; compressed states decode to their vectors.
func TestStoreEntries(t *testing.T) {
	defer func(old uint) { maxChunkBits = old }(maxChunkBits)
	maxChunkBits = 6
	for _, fp := range []bool{false, true} {
		st := newStore(3, fp, &model.Program{})
		st.idxBits = 4
		if !fp {
			st.col = newCollapse(3)
		}
		rng := rand.New(rand.NewSource(1))
		var vecs [][]uint64
		var depths []int
		for i := 0; i < 3000; i++ {
			// few values per half, as in a real search, and some repeats
			v := []uint64{uint64(rng.Intn(50)) << 32, uint64(rng.Intn(7))<<32 | uint64(rng.Intn(900)), uint64(rng.Intn(3))}
			idx, isNew := st.insert(v, 0, 0, i/200)
			if isNew {
				require.Equal(t, len(vecs), idx)
				vecs, depths = append(vecs, v), append(depths, i/200)
			} else {
				require.Equal(t, vecs[idx], v)
			}
		}
		require.Equal(t, 32-int(st.idxBits), 32-12, "idxBits grew to hold the indices")
		if !fp {
			require.Greater(t, st.col.done, 0, "chunks were compressed")
		}
		for i, v := range vecs {
			idx, found := st.lookup(v)
			require.True(t, found)
			require.Equal(t, i, idx)
			if !fp {
				require.Equal(t, v, st.state(i))
			}
			require.Equal(t, depths[i], st.depthOf(i))
			require.Equal(t, hash(v), st.hashOf(i))
		}
		_, found := st.lookup([]uint64{1 << 40, 0, 0})
		require.False(t, found)
	}
}
