package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"mcheck/explorer"
)

// checkpointFlags are check's --checkpoint, --checkpoint-every and --resume.
type checkpointFlags struct {
	file   string
	every  time.Duration
	resume string
}

func (f *checkpointFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.file, "checkpoint", "", "write the safety search's state to this file every --checkpoint-every and on SIGINT, to finish it later with --resume")
	fs.DurationVar(&f.every, "checkpoint-every", 10*time.Minute, "how often --checkpoint writes")
	fs.StringVar(&f.resume, "resume", "", "finish the search this checkpoint holds (same SPEC, --set and search flags as the run that wrote it)")
}

// checkpointArgs: a checkpoint is one search's.
func checkpointArgs(fs *pflag.FlagSet) error {
	if (fs.Changed("checkpoint") || fs.Changed("resume")) && fs.NArg() > 1 {
		return usageErr("--checkpoint and --resume take one SPEC")
	}
	if d, _ := fs.GetDuration("checkpoint-every"); d <= 0 {
		return usageErr("--checkpoint-every must be positive")
	}
	return nil
}

// apply sets the search's checkpoint options; the returned function closes
// the resumed file and says where an interrupted search's checkpoint is.
func (f *checkpointFlags) apply(o *explorer.Options) (func(io.Writer, *explorer.Result), error) {
	var in *os.File
	if f.resume != "" {
		var err error
		if in, err = os.Open(f.resume); err != nil {
			return nil, fmt.Errorf("mcheck: %v", err)
		}
		o.Resume = in
	}
	written := false
	if f.file != "" {
		o.CheckpointEvery = f.every
		o.OnCheckpoint = func(write func(io.Writer) error) error {
			written = true
			return writeAtomically(f.file, write)
		}
	}
	return func(stderr io.Writer, r *explorer.Result) {
		if in != nil {
			in.Close()
		}
		if written && r != nil && r.Reason == explorer.Interrupted {
			fmt.Fprintf(stderr, "checkpoint written to %s: finish the search with the same command and --resume %s\n", f.file, f.file)
		}
	}, nil
}

// writeAtomically writes a file through a temporary one in the same
// directory, so that an interruption never leaves half a checkpoint.
func writeAtomically(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
