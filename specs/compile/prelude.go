package compile

import (
	"mcheck/model"
	"mcheck/specs/syntax"
)

// preludeInlines parses the primitives' predeclared inlines
// (model.PrimInlines): compound operations that are macros in the kernel
// too, such as wait_event. They expand like a spec's own inlines; their
// steps' lines are the lines of the inline's text (specs/README.md shows
// it), their errors are reported at the call (compiler.at). Each
// compilation parses its own copy, so no AST is shared.
func preludeInlines() []*syntax.InlineDecl {
	var out []*syntax.InlineDecl
	for _, src := range model.PrimInlines() {
		f, errs := syntax.Parse("prelude", []byte(src))
		if len(errs) > 0 {
			panic("compile: a primitive's inline does not parse: " + errs.Error())
		}
		for _, d := range f.Decls {
			if in, ok := d.(*syntax.InlineDecl); ok {
				out = append(out, in)
			}
		}
	}
	return out
}

// at is where an error at pos is reported: inside a predeclared inline, at
// its call in the spec.
func (c *compiler) at(pos syntax.Pos) syntax.Pos {
	if c.preludeCall.IsValid() {
		return c.preludeCall
	}
	return pos
}
