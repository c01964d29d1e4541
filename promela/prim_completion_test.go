package promela_test

// The completion examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"completion*.mc", []string{"completion.mc", "completion-one-waiter.mc", "completion-bound.mc"}})
}
