//go:build !(linux || darwin)

package main

import "os"

// terminalWidth is 0 where the terminal's size is not known: lanes keep the
// default --width.
func terminalWidth(*os.File) int { return 0 }
