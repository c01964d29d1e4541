package promela_test

// The percpu_rw_semaphore examples TestParityPrims runs against SPIN by default.
func init() {
	primExamples = append(primExamples, primExample{"percpu-rwsem*.mc", []string{"percpu-rwsem.mc", "percpu-rwsem-recursive-read.mc"}})
}
