#!/usr/bin/env bash
# The test command (README.md, .ci/run): installs what the tests need when it
# is missing, then runs gofmt, go vet, staticcheck and the Go test suite.
# Budget: under five minutes wall on two loaded cores (warm Go caches). With
# MCHECK_LONG=1 the tests add the long differential sweeps (README.md,
# "Tests").
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for report's browser test (it fails without it when CI=true).
apt_updated=
if ! command -v chromium >/dev/null; then
  [ -n "$apt_updated" ] || { apt-get update -q && apt_updated=1; }
  apt-get install -y -q chromium
fi

# SPIN, and gcc to compile its verifiers, for the Promela parity tests
# (promela/), which fail without them when CI=true; tcc compiles the small
# verifiers of those tests about thirty times faster than gcc
# (promela.BuildQuick), which keeps the suite inside its budget.
for tool in spin gcc tcc; do
  if ! command -v "$tool" >/dev/null; then
    [ -n "$apt_updated" ] || { apt-get update -q && apt_updated=1; }
    apt-get install -y -q "$tool"
  fi
done

# --- TeX and poppler for sweep's LaTeX test (sweep/latex_test.go) ---------
# Plain pdflatex with booktabs, and pdftotext to read the PDF back; the test
# fails without them when CI=true.
for tool in pdflatex pdftotext; do
  if ! command -v "$tool" >/dev/null; then
    [ -n "$apt_updated" ] || { apt-get update -q && apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      texlive-latex-base texlive-latex-recommended poppler-utils
    break
  fi
done
# --- end of sweep's block ----------------------------------------------------

unformatted=$(gofmt -l . | grep -v '^vendor/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt: these files are not formatted:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
# Through the Go module proxy on a fresh machine; cached after the first run.
go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

# An explicit timeout, below Go's default of ten minutes, so that a run that
# blows the budget fails with a goroutine dump instead of crawling on.
timeout=8m
if [ -n "${MCHECK_LONG:-}" ]; then
  timeout=2h
fi
# -p 4: promela, the longest package, starts with the first ones instead of
# waiting for a slot. -parallel 4: its parity subtests run gcc and pan, four
# at a time keep both cores busy while one of them writes files.
go test -count=1 -timeout "$timeout" -p 4 -parallel 4 ./...
