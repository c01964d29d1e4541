package compile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"mcheck/model"
)

// Node texts: an atomic block whole (its if, else, while bodies are part of
// the step), an if outside atomic by its head; nodes inside an inline carry
// their expansion's call site.
func TestStatementTextAndInlines(t *testing.T) {
	p := mustCompile(t, `
var a: 0..3
var b: bool
inline bump(v) {
    atomic { v = 1; while v < 3 { v++ }; if b { v = 0 } else if !b { v = 2 } else { skip } }
}
process p {
    if b { a = 1 }
    bump(a)
}
`, nil).Program
	texts := map[string][]model.InlineFrame{}
	for _, nd := range p.Types[0].Nodes {
		if nd.Boundary {
			texts[nd.Text] = nd.Inlines
		}
	}
	assert.Contains(t, texts, "if b")
	assert.Nil(t, texts["if b"])
	whole := "atomic { v = 1; while v < 3 { v++ }; if b { v = 0 } else if !b { v = 2 } else { skip } }"
	assert.Contains(t, texts, whole)
	assert.Equal(t, []model.InlineFrame{{Name: "bump", Call: model.Pos{Line: 9, Col: 5}}}, texts[whole])
}
