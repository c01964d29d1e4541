package promela_test

// The refcount_t examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"refcount*.mc", []string{"refcount.mc", "refcount-inc-on-zero.mc"}})
}
