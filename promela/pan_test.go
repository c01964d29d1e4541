package promela

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reports of pan 6.5.2 on lock-held (DFS; BFS on the variant without hidden
// variables; DFS with a depth bound of 20) and two examples that fail.
func TestParsePan(t *testing.T) {
	for _, tc := range []struct {
		file                                 string
		states, nominal, transitions, vector int64
		verdict                              string
		truncated                            bool
	}{
		{"pan-dfs.txt", 173, 173, 315, 36, VerdictNone, false},
		{"pan-bfs.txt", 266, 173, 408, 44, VerdictNone, false},
		{"pan-truncated.txt", 170, 170, 315, 36, VerdictNone, true},
		{"pan-deadlock.txt", 0, 0, 0, 0, VerdictEndState, false},
		{"pan-assert.txt", 0, 0, 0, 0, VerdictAssertion, false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile("testdata/" + tc.file)
			require.NoError(t, err)
			r, err := ParsePan(string(b))
			require.NoError(t, err)
			assert.Equal(t, tc.verdict, r.Verdict)
			assert.Equal(t, tc.truncated, r.Truncated)
			if tc.states > 0 {
				assert.Equal(t, tc.states, r.States)
				assert.Equal(t, tc.nominal, r.Nominal)
				assert.Equal(t, tc.transitions, r.Transitions)
				assert.Equal(t, tc.vector, r.VectorBytes)
				assert.Greater(t, r.MemoryMiB, 0.0)
			}
		})
	}
	_, err := ParsePan("spin: no output")
	assert.Error(t, err)
}
