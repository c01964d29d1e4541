package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Mermaid's grammar ends a message at ';' and reads '#' as an entity code;
// checked against Mermaid 11 in headless Chromium by hand, where raw '<',
// '>' and '&' render as themselves and entity codes do not.
func TestMermaidEscaping(t *testing.T) {
	assert.Equal(t, "atomic { a = 1<br/>b = 2 }", mmd("atomic { a = 1; b = 2 }"))
	assert.Equal(t, "x => (y && z < 2)", mmd("x => (y && z < 2)"))
	assert.Equal(t, "\uff031<br/>two", mmd("#1\ntwo"))
}
