package promela_test

// The wait_queue_head examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"waitqueue*.mc", []string{"waitqueue-wait-event.mc", "waitqueue-lost-wakeup.mc"}})
}
