package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal of the given width: the master to read
// what is written, the slave to write to as a terminal.
func openPTY(t *testing.T, cols uint16) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	ioctl := func(req uintptr, arg unsafe.Pointer) {
		_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), req, uintptr(arg))
		require.Zero(t, errno, "ioctl %#x", req)
	}
	unlock, n := int32(0), uint32(0)
	ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock))
	ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n))
	ws := struct{ Row, Col, X, Y uint16 }{Row: 40, Col: cols}
	ioctl(syscall.TIOCSWINSZ, unsafe.Pointer(&ws))
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	t.Cleanup(func() { master.Close(); slave.Close() })
	return master, slave
}

// Lanes fit the terminal when stdout is one and --width is not given
// (issue 9: a terminal got 72 columns whatever its width); --width wins, and
// a pipe gets the default.
func TestWidthFollowsTerminal(t *testing.T) {
	longest := func(cols uint16, args ...string) int {
		master, slave := openPTY(t, cols)
		require.Equal(t, int(cols), terminalWidth(slave))
		var out bytes.Buffer
		done := make(chan struct{})
		go func() { io.Copy(&out, master); close(done) }() // ends with EIO once the slave is closed
		var errb bytes.Buffer
		err := run(slave, &errb, append([]string{"check"}, args...))
		require.Equal(t, exitViolation, exitCode(err), errb.String())
		slave.Close()
		<-done
		n := 0
		for _, line := range strings.Split(strings.ReplaceAll(out.String(), "\r", ""), "\n") {
			n = max(n, len([]rune(line)))
		}
		return n
	}
	wide := longest(110, "drop-no-rescan")
	assert.Greater(t, wide, 72, "lanes widen to a wide terminal")
	assert.LessOrEqual(t, wide, 110)
	assert.LessOrEqual(t, longest(60, "drop-no-rescan"), 60)
	assert.LessOrEqual(t, longest(110, "--width", "72", "drop-no-rescan"), 72)

	_, out, _, _ := runCLI(t, "check", "drop-no-rescan") // a buffer, not a terminal
	for _, line := range strings.Split(out, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 72)
	}
	f, err := os.CreateTemp(t.TempDir(), "out")
	require.NoError(t, err)
	defer f.Close()
	assert.Zero(t, terminalWidth(f), "a file is not a terminal")
}
