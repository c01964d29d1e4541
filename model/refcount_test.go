package model_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"mcheck/model"
)

// kref_init sets 1; inc_not_zero takes a reference only from a live count;
// dec_and_test is true exactly for the last put; kref names are the same
// operations on the same type.
func TestRefcountGetPut(t *testing.T) {
	d := newDriver(t, `
var k: kref
var a: bool
var b: bool
process p {
    a = kref_get_unless_zero(k)
    kref_init(k)
    a = refcount_inc_not_zero(k)
    b = kref_put(k)
    a = refcount_dec_and_test(k)
    b = refcount_read(k) == 0
}
`)
	d.step("p")
	d.requireValue("a", "false")
	d.requireValue("k", "0")
	d.step("p")
	d.requireValue("k", "1")
	d.step("p")
	d.requireValue("a", "true")
	d.requireValue("k", "2")
	d.step("p")
	d.requireValue("b", "false")
	d.step("p")
	d.requireValue("a", "true")
	d.step("p")
	d.requireValue("b", "true")
}

// Each WARN of lib/refcount.c is a violation: addition on 0 and underflow
// (use_after_free), a plain decrement to or on 0 (misuse), the model's bound
// (range).
func TestRefcountWarnings(t *testing.T) {
	for _, tc := range []struct {
		body       string
		steps      int
		kind       model.Kind
		prop, text string
	}{
		{"refcount_inc(r)", 0, model.KindUseAfterFree, "refcount_t r", "refcount_inc(r): addition on 0; use-after-free"},
		{"kref_init(r); if refcount_dec_and_test(r) { skip }; if refcount_dec_and_test(r) { skip }", 3,
			model.KindUseAfterFree, "refcount_t r", "refcount_dec_and_test(r): underflow; use-after-free"},
		{"kref_init(r); refcount_dec(r)", 1, model.KindMisuse, "refcount_dec to 0", "refcount_dec(r): decrement hit 0; leaking memory"},
		// __refcount_dec tests old <= 1: on 0 it is the same WARN.
		{"refcount_dec(r)", 0, model.KindMisuse, "refcount_dec to 0", "refcount_dec(r): decrement hit 0; leaking memory"},
		{"kref_init(r); while true { refcount_inc(r) }", 1 + 2*(model.RefcountMax-1) + 1, model.KindRange,
			"refcount_inc(r) beyond the model's bound", "refcount_inc(r): already 7 references, the most the model counts"},
	} {
		d := newDriver(t, "var r: refcount_t\nprocess p {\n"+tc.body+"\n}\n")
		for i := 0; i < tc.steps; i++ {
			d.step("p")
		}
		v := d.violation("p", tc.kind, tc.prop)
		require.Equal(t, tc.text, v.Msg, tc.body)
	}
}
