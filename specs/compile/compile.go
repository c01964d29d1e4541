package compile

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"mcheck/model"
	"mcheck/specs/syntax"
)

// Options tune a compilation.
type Options struct {
	// Set overrides constants by name (mcheck --set NAME=VALUE).
	Set map[string]int64
}

// Result is a compiled spec.
type Result struct {
	Program  *model.Program
	Warnings syntax.ErrorList
	Expect   []Expectation
}

// Compile parses and compiles one spec. On failure the error is a
// syntax.ErrorList with every problem found.
func Compile(filename string, src []byte, opts Options) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, syntax.ErrorList{{File: filename, Msg: fmt.Sprintf("internal compiler error: %v", r)}}
		}
	}()
	f, errs := syntax.Parse(filename, src)
	expect, eerrs := ParseExpectations(filename, src)
	errs = append(errs, eerrs...)
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	c := newCompiler(filename, opts)
	prog := c.compile(f)
	if len(c.errs) == 0 {
		if lerr := prog.Link(); lerr != nil {
			c.errorf(syntax.Pos{}, "internal compiler error: %v", lerr)
		}
	}
	if len(c.errs) > 0 {
		return nil, sortUnique(c.errs)
	}
	return &Result{Program: prog, Warnings: sortUnique(c.warns), Expect: expect}, nil
}

// sortUnique sorts a list and drops repeats: an inline body expanded twice,
// or a check made both before and while lowering, reports the same thing twice.
func sortUnique(l syntax.ErrorList) syntax.ErrorList {
	l.Sort()
	out := l[:0]
	for _, e := range l {
		if n := len(out); n > 0 && *e == *out[n-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// SpecName is the name of a spec file: its base name without ".mc".
func SpecName(filename string) string {
	return strings.TrimSuffix(filepath.Base(filename), ".mc")
}

type compiler struct {
	file  string
	opts  Options
	errs  syntax.ErrorList
	warns syntax.ErrorList

	consts  map[string]*constInfo
	types   map[string]*typeInfo
	globals map[string]*globalInfo
	inlines map[string]*syntax.InlineDecl
	// preludes are the primitives' predeclared inlines (prelude.go); while
	// one expands, preludeCall is its call, where its errors are reported.
	preludes    map[*syntax.InlineDecl]bool
	preludeCall syntax.Pos
	procs       map[string]*procInfo
	untaken     map[string]syntax.Pos // names declared only in if const branches not taken
	prog        *model.Program
	nprocs      int

	atFixups []atFixup
	mem      memUse                           // RCU and pools (rcu.go, pool.go)
	constIfs map[*syntax.IfStmt]constDecision // constif.go
	multi    []multiStep                      // steps that may draw a warning (warnSteps)
}

type constInfo struct {
	decl  *syntax.ConstDecl
	value int64
	typ   *model.Type // nil: integer; an enum type for enumerators
	state int         // 0 unevaluated, 1 evaluating, 2 done
}

type typeInfo struct {
	pos   syntax.Pos
	decl  syntax.Decl
	typ   *model.Type
	state int
}

type globalInfo struct {
	decl  *syntax.VarDecl
	index int // in prog.Globals
	typ   *model.Type
	base  int
}

type procInfo struct {
	decl  *syntax.ProcessDecl
	pt    *model.ProcType
	first int // pid of instance 0
	local map[string]model.Var
	// inlineLocal: the frame offsets of the locals of each inline the
	// process expands (inline.go).
	inlineLocal map[string]map[string]model.Var
}

func newCompiler(file string, opts Options) *compiler {
	return &compiler{
		file: file, opts: opts,
		consts: map[string]*constInfo{}, types: map[string]*typeInfo{},
		globals: map[string]*globalInfo{}, inlines: map[string]*syntax.InlineDecl{},
		procs: map[string]*procInfo{},
	}
}

func (c *compiler) errorf(pos syntax.Pos, format string, args ...any) {
	c.errs.Add(c.file, c.at(pos), format, args...)
}

func (c *compiler) warnf(pos syntax.Pos, format string, args ...any) {
	c.warns.Add(c.file, c.at(pos), "warning: "+format, args...)
}

func (c *compiler) compile(f *syntax.File) *model.Program {
	c.prog = &model.Program{Name: SpecName(c.file), File: c.file}
	f = c.chooseDecls(f) // top-level if const (constif_decl.go)
	c.declare(f)
	c.checkOverrides()
	c.evalConsts(f)
	var procDecls []*syntax.ProcessDecl
	for _, d := range f.Decls {
		if pd, ok := d.(*syntax.ProcessDecl); ok {
			procDecls = append(procDecls, pd)
		}
	}
	c.countProcs(procDecls)
	c.scanMem(f)
	for _, d := range f.Decls { // check every type, used or not
		switch d := d.(type) {
		case *syntax.TypeDecl:
			c.namedType(d.Name, d.Pos)
		case *syntax.StructDecl:
			c.namedType(d.Name, d.Pos)
		}
	}
	c.layoutGlobals(f)
	c.layoutRCU()
	c.layoutProcs(procDecls, f)
	if len(c.errs) > 0 {
		return c.prog
	}
	if c.nprocs == 0 {
		c.noProcess(procDecls)
		return c.prog
	}
	for _, pi := range c.procList() {
		c.lowerProcess(pi)
	}
	c.warnSteps()
	c.fairness()
	seen := map[string]syntax.Pos{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.InvariantDecl:
			c.invariant(d)
		case *syntax.LivenessDecl:
			c.liveness(d, seen)
		}
		if ms, ok := d.(*syntax.MeasureDecl); ok {
			c.measure(ms, f)
		}
	}
	c.fixAt()
	return c.prog
}

// declare enters every top-level name, reporting duplicates.
func (c *compiler) declare(f *syntax.File) {
	values := map[string]syntax.Pos{}
	valueName := func(name string, pos syntax.Pos) bool {
		if name == "_" {
			return false
		}
		if prev, ok := values[name]; ok {
			c.errorf(pos, "%s redeclared (previous declaration at %s)", name, prev)
			return false
		}
		if _, ok := model.Builtins[name]; ok || c.inlines[name] != nil {
			c.errorf(pos, "%s is the name of a built-in", name)
			return false
		}
		values[name] = pos
		return true
	}
	typeName := func(name string, pos syntax.Pos, d syntax.Decl) {
		if _, ok := model.PrimByName(name); ok {
			// Reported, and entered all the same for the passes that build
			// every declared type; a use of the name means the primitive.
			c.errorf(pos, "type %s redeclared: %s is a predeclared type", name, name)
		}
		if prev, ok := c.types[name]; ok {
			c.errorf(pos, "type %s redeclared (previous declaration at %s)", name, prev.pos)
			return
		}
		c.types[name] = &typeInfo{pos: pos, decl: d}
	}
	c.preludes = map[*syntax.InlineDecl]bool{}
	for _, d := range preludeInlines() {
		c.inlines[d.Name], c.preludes[d] = d, true
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *syntax.ConstDecl:
			if valueName(d.Name, d.Pos) {
				c.consts[d.Name] = &constInfo{decl: d}
			}
		case *syntax.TypeDecl:
			typeName(d.Name, d.Pos, d)
		case *syntax.StructDecl:
			typeName(d.Name, d.Pos, d)
		case *syntax.EnumDecl:
			typeName(d.Name, d.Pos, d)
			for _, m := range d.Members {
				if valueName(m.Name, m.Pos) {
					c.consts[m.Name] = &constInfo{state: 2} // typed when the enum is built
				}
			}
		case *syntax.VarDecl:
			if valueName(d.Name, d.Pos) {
				c.globals[d.Name] = &globalInfo{decl: d}
			}
		case *syntax.InlineDecl:
			if valueName(d.Name, d.Pos) {
				c.inlines[d.Name] = d
			}
		case *syntax.ProcessDecl:
			if valueName(d.Name, d.Pos) {
				c.procs[d.Name] = &procInfo{decl: d}
			}
		case *syntax.InvariantDecl:
			for _, other := range f.Decls {
				if o, ok := other.(*syntax.InvariantDecl); ok && o != d && o.Name == d.Name && o.Pos.Line < d.Pos.Line {
					c.errorf(d.Pos, "invariant %s redeclared (previous declaration at %s)", d.Name, o.Pos)
					break
				}
			}
		}
	}
	// Enumerators get their enum type now, so that constants may use them.
	for _, d := range f.Decls {
		if ed, ok := d.(*syntax.EnumDecl); ok {
			c.namedType(ed.Name, ed.Pos)
		}
	}
}

func (c *compiler) checkOverrides() {
	names := make([]string, 0, len(c.opts.Set))
	for name := range c.opts.Set {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, off := c.untaken[name]; off {
			continue // declared in an if const branch not taken: no effect
		}
		if ci, ok := c.consts[name]; !ok || ci.decl == nil {
			c.errorf(syntax.Pos{}, "--set %s: the spec declares no constant %s", name, name)
		} else if v := c.opts.Set[name]; v > maxConst || v < -maxConst {
			c.errorf(syntax.Pos{}, "--set %s=%d: constants must lie within -%d..%d", name, v, int64(maxConst), int64(maxConst))
		}
	}
}

func (c *compiler) procList() []*procInfo {
	out := make([]*procInfo, 0, len(c.procs))
	for _, pi := range c.procs {
		if pi.pt != nil {
			out = append(out, pi)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].first < out[j].first })
	return out
}
