package sweep

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAxis(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int64
	}{
		{"FAULTS=2..5", []int64{2, 3, 4, 5}},
		{"REMAPS=1,2", []int64{1, 2}},
		{" X = 1, 3..4 ,7", []int64{1, 3, 4, 7}},
		{"N=-1..1", []int64{-1, 0, 1}},
		{"N=3", []int64{3}},
	} {
		a, err := ParseAxis(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, a.Values, tc.in)
	}
	for _, bad := range []string{"FAULTS", "=1", "N=", "N=a", "N=5..2", "N=1..", "N=0..20000", "N=1,,2"} {
		_, err := ParseAxis(bad)
		assert.Error(t, err, bad)
	}
}

// The first axis is outermost; an axis a spec does not declare is dropped
// and the settings it would have multiplied appear once.
func TestExpand(t *testing.T) {
	f, _ := ParseAxis("F=2..3")
	r, _ := ParseAxis("R=1,2")
	all, err := Expand([]Axis{f, r}, nil)
	require.NoError(t, err)
	var got []string
	for _, s := range all {
		got = append(got, s.String())
	}
	assert.Equal(t, []string{"F=2 R=1", "F=2 R=2", "F=3 R=1", "F=3 R=2"}, got)

	onlyF, err := Expand([]Axis{f, r}, func(n string) bool { return n == "F" })
	require.NoError(t, err)
	assert.Len(t, onlyF, 2)
	none, err := Expand(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, []Setting{nil}, none, "no grid: one run at the spec's own constants")

	big, _ := ParseAxis("A=1..200")
	_, err = Expand([]Axis{big, {Name: "B", Values: big.Values}}, nil)
	assert.Error(t, err, "40,000 settings is over the limit")
	assert.Error(t, CheckAxes([]Axis{f, f}))
}
