package promela_test

// The range_lock examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"range-lock*.mc", []string{"range-lock.mc", "range-lock-trylock.mc"}})
}
