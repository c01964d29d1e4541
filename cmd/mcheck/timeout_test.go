package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// --timeout counts compiling: a compile that outruns it is an incomplete run
// (exit 3) that says so, not a search started after the deadline.
func TestTimeoutCoversCompile(t *testing.T) {
	path := writeSpec(t, "small.mc", "var a: 0..1\nprocess p { a = 1 }\n")
	code, stdout, stderr, _ := runCLI(t, "check", "--timeout", "1ns", path)
	assert.Equal(t, exitIncomplete, code, stdout)
	assert.Contains(t, stderr, path+": incomplete: --timeout 1ns passed while compiling")

	code, stdout, _, _ = runCLI(t, "check", "--timeout", "1m", path)
	assert.Equal(t, exitHolds, code, stdout)
}
