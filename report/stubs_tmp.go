package report

import "io"

func Mermaid(w io.Writer, run Run) error { return nil }

func HTML(w io.Writer, run Run) error { return nil }
