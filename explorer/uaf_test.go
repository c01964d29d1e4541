package explorer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"mcheck/explorer"
	"mcheck/protocols"
	"mcheck/specs/compile"
)

// A use after free names the step that freed the object.
func TestUseAfterFreeNamesTheFreer(t *testing.T) {
	src, fn, ok := protocols.Source("stackrot")
	require.True(t, ok)
	cr, err := compile.Compile(fn, src, compile.Options{})
	require.NoError(t, err)
	r := explore(t, cr.Program, explorer.Options{})
	require.Equal(t, explorer.Violated, r.Verdict)
	assert.Contains(t, r.Violation.Msg, "expand freed it at line 50: kfree_rcu(old)")
}
