package compile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"mcheck/model"
)

// TestShortDeclIsVar: for every predeclared sync object type name (aliases
// included), the short declarations `T x` and `T y[2]` compile to exactly
// the slots, initial values and globals of `var x: T` and `var y: [2]T`.
func TestShortDeclIsVar(t *testing.T) {
	names := append(model.Prims(), "kref")
	if len(names) < 10 {
		t.Fatalf("only %d type names: %v", len(names), names)
	}
	for _, name := range names {
		if d, ok := model.PrimByName(name); ok && len(d.Params) > 0 {
			continue // range_lock(N, K): the short form has no place for parameters
		}
		short := mustCompile(t, name+" x\n"+name+" y[2]\nprocess p[2] { skip }\n", nil).Program
		long := mustCompile(t, "var x: "+name+"\nvar y: [2]"+name+"\nprocess p[2] { skip }\n", nil).Program
		assert.Equal(t, long.Slots, short.Slots, name)
		assert.Equal(t, long.Init, short.Init, name)
		assert.Equal(t, globals(long), globals(short), name)
		if d, ok := model.PrimByName(name); assert.True(t, ok, name) {
			assert.Equal(t, d.Kind, short.Globals[0].Type.Kind, name)
		}
	}
}

func globals(p *model.Program) []string {
	var out []string
	for _, g := range p.Globals {
		out = append(out, fmt.Sprintf("%s: %s @%d", g.Name, g.Type, g.Base))
	}
	return out
}
