package promela

import (
	"fmt"
	"strings"

	"mcheck/model"
)

// Promela text of the lock-like primitives, one file per primitive
// (prim_*.go), mirroring the semantics their model descriptors own
// (model/prim_*.go). Generic export code asks the descriptor for the
// operation's flags (model.OpInfo) and this table for its text; a kind or
// operation it does not know is an error, never a silent skip. RCU's text is
// prim_rcu.go; the pools' (nodeTexts) is in sync.go.

// primText renders one primitive's objects and operations.
type primText interface {
	// declare names the object's variables and slots at base.
	declare(n *names, p *model.Program, base int, path string) *syncObj
	// guard is the condition under which a guarded op may proceed. args
	// render the values of the op's extra arguments (as every method's
	// args): side-effect free expressions or temporaries.
	guard(x *exporter, op model.SyncOp, o *syncObj, args []string) string
	// stmt is a statement op's effect; jump renders the move to a node
	// (only a split op jumps itself).
	stmt(x *exporter, op model.SyncOp, o *syncObj, n *model.Node, jump func(int) string, dst string, args []string) string
	// query is a side-effect-free expression op's value.
	query(x *exporter, op model.SyncOp, o *syncObj, args []string) string
	// trylock sets t to whether the trylock succeeded, taking the lock if so.
	trylock(x *exporter, op model.SyncOp, o *syncObj, t string, args []string) string
	// notHeld lists conditions that together say the running process holds it not.
	notHeld(o *syncObj) []string
	// held is "the running process holds it" (for write: exclusively).
	held(o *syncObj, write bool) string
}

var primTexts = map[model.TypeKind]primText{}

// nodeTexts emit the statements of kinds whose operations are not one
// statement per candidate object: a pool's alloc picks an object, free and
// kfree_rcu find it through a reference (sync.go).
var nodeTexts = map[model.TypeKind]func(b *body, n *model.Node){}

func textOf(k model.TypeKind) primText {
	if t := primTexts[k]; t != nil {
		return t
	}
	panic(fmt.Sprintf("promela: no text for type kind %v", &model.Type{Kind: k}))
}

func unknownOp(where string, op model.SyncOp) string {
	return fmt.Sprintf("promela %s: unknown sync operation %v", where, op)
}

// lockdep_assert_held(_write) and lockdep_assert_not_held over any lock kind.
func assertHeld(op model.SyncOp, o *syncObj) string {
	if op == model.OpAssertNotHeld {
		return "assert(" + strings.Join(textOf(o.kind).notHeld(o), " && ") + ")"
	}
	return "assert(" + textOf(o.kind).held(o, op == model.OpAssertHeldWrite) + ")"
}
