package sweep

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// ManifestFormat and ManifestVersion identify a manifest document.
const (
	ManifestFormat  = "mcheck-manifest"
	ManifestVersion = 1
)

// Manifest records how a table was made: the program, the machine, the
// flags, each spec's source hash, and each run's figures. `mcheck sweep
// --verify` re-runs it and compares verdicts and counts.
type Manifest struct {
	Format  string            `json:"format"`
	Version int               `json:"version"`
	Mcheck  Build             `json:"mcheck"`
	Go      string            `json:"go"`
	OS      string            `json:"os"`
	Arch    string            `json:"arch"`
	CPU     string            `json:"cpu"`
	CPUs    int               `json:"cpus"`
	Start   time.Time         `json:"start"`
	Command string            `json:"command"` // sweep or check
	Args    []string          `json:"args"`    // the command line after the command
	Flags   map[string]string `json:"flags"`   // every flag's value, defaults included
	Grid    []Axis            `json:"grid,omitempty"`
	Specs   []SpecSource      `json:"specs"`
	Runs    []Run             `json:"runs"`
}

// Build is the mcheck binary's identity from the Go build information.
type Build struct {
	Version  string `json:"version"`            // module version, "(devel)" for a local build
	Revision string `json:"revision,omitempty"` // VCS revision it was built from
	Time     string `json:"vcs_time,omitempty"`
	Modified bool   `json:"modified,omitempty"` // built from a tree with uncommitted changes
}

// SpecSource is one spec as the run found it.
type SpecSource struct {
	Arg    string `json:"arg"` // as given on the command line: a path or a catalogue name
	Name   string `json:"name"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"` // "sha256:" and the hex digest of the source
}

// Run is one row's reproducible part: what ran and what it found.
type Run struct {
	Arg         string    `json:"arg"`
	Constants   []Const   `json:"constants"` // resolved, in declaration order
	Verdict     string    `json:"verdict"`
	Kind        string    `json:"kind,omitempty"`
	Property    string    `json:"property,omitempty"`
	States      int64     `json:"states"`
	Transitions int64     `json:"transitions"`
	Depth       int       `json:"depth"`
	Seconds     float64   `json:"seconds"`
	Measures    []Measure `json:"measures,omitempty"`
}

// RunOf is the manifest entry of a row run from arg.
func RunOf(arg string, r Row) Run {
	return Run{Arg: arg, Constants: r.Constants, Verdict: r.Verdict, Kind: r.Kind, Property: r.Property,
		States: r.States, Transitions: r.Transitions, Depth: r.Depth, Seconds: r.Seconds, Measures: r.Measures}
}

// NewManifest fills in the program's and the machine's identity.
func NewManifest(command string, args []string, start time.Time) *Manifest {
	return &Manifest{Format: ManifestFormat, Version: ManifestVersion, Mcheck: BuildInfo(),
		Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPU: cpuModel(), CPUs: runtime.NumCPU(),
		Start: start.UTC(), Command: command, Args: append([]string{}, args...), Flags: map[string]string{},
		Specs: []SpecSource{}, Runs: []Run{}}
}

// BuildInfo reads the binary's version and VCS revision.
func BuildInfo() Build {
	b := Build{Version: "(unknown)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Version = bi.Main.Version
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// String is "mcheck (devel) 0123abcd" or as much of it as is known.
func (b Build) String() string {
	s := "mcheck " + b.Version
	if b.Revision != "" {
		s += " " + b.Revision[:min(12, len(b.Revision))]
		if b.Modified {
			s += "+dirty"
		}
	}
	return s
}

// cpuModel is the CPU's model name on Linux, else the architecture.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// AddSpec records a spec's source once per argument.
func (m *Manifest) AddSpec(s SpecSource) {
	for _, o := range m.Specs {
		if o.Arg == s.Arg {
			return
		}
	}
	m.Specs = append(m.Specs, s)
}

// Spec returns the recorded source of an argument.
func (m *Manifest) Spec(arg string) (SpecSource, bool) {
	for _, s := range m.Specs {
		if s.Arg == arg {
			return s, true
		}
	}
	return SpecSource{}, false
}

// Write writes the manifest as indented JSON.
func (m *Manifest) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// ReadManifest parses a manifest and checks its format and version.
func ReadManifest(r io.Reader) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not an mcheck manifest: %v", err)
	}
	if m.Format != ManifestFormat || m.Version != ManifestVersion {
		return nil, fmt.Errorf("not an mcheck manifest (format %q version %d, want %q version %d)", m.Format, m.Version, ManifestFormat, ManifestVersion)
	}
	return &m, nil
}

// Diff lists how a re-run differs from the recorded one in what must be
// reproducible: verdict, kind, property, states, transitions and measures.
// Times, depth-independent memory and the machine may differ.
func Diff(old, now Run) []string {
	var out []string
	check := func(what string, a, b any) {
		if fmt.Sprint(a) != fmt.Sprint(b) {
			out = append(out, fmt.Sprintf("%s: recorded %v, now %v", what, a, b))
		}
	}
	check("verdict", old.Verdict, now.Verdict)
	check("kind", old.Kind, now.Kind)
	check("property", old.Property, now.Property)
	check("states", old.States, now.States)
	check("transitions", old.Transitions, now.Transitions)
	check("measures", old.Measures, now.Measures)
	return out
}
