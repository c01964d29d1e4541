#!/usr/bin/env bash
# The test command (README.md, .ci/run): installs what the tests need when it
# is missing, then runs gofmt, go vet and the whole Go test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for report's browser test (it fails without it when CI=true).
apt_updated=
if ! command -v chromium >/dev/null; then
  [ -n "$apt_updated" ] || { apt-get update -q && apt_updated=1; }
  apt-get install -y -q chromium
fi

# SPIN, and gcc to compile its verifiers, for the Promela parity tests
# (promela/), which fail without them when CI=true.
for tool in spin gcc; do
  if ! command -v "$tool" >/dev/null; then
    [ -n "$apt_updated" ] || { apt-get update -q && apt_updated=1; }
    apt-get install -y -q "$tool"
  fi
done

unformatted=$(gofmt -l . | grep -v '^vendor/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt: these files are not formatted:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go test -count=1 ./...
