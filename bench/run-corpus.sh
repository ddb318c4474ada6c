#!/usr/bin/env bash
# Builds the benchmarks in Release, runs the corpus harness, then the streamed-memory mode.
#
#   bench/run-corpus.sh [DIR] [corpus harness options, e.g. --runs 3 --files dickens,nci]
#
# DIR defaults to ../shared/corpus/silesia relative to the repository root (the Silesia files; the
# top of ../shared/corpus holds only SOURCES.md). MEMORY_GIB (default 2) sets the memory mode's size.
# Tables go to stdout; JSON goes to artifacts/bench/ (git-ignored).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$repo/../shared/corpus/silesia}"
if [[ $# -gt 0 ]]; then shift; fi
memory_gib="${MEMORY_GIB:-2}"
out="$repo/artifacts/bench"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
project="$repo/bench/WarpZip.Benchmarks"

mkdir -p "$out"
dotnet build "$project" -c Release --nologo -v quiet

# Exit codes: 0 = ran; 1 = a case failed (corpus) or the memory target was missed; 2 = bad arguments.
# Run the memory mode even when the corpus harness reports a failure, and report the worst status.
status=0
dotnet run -c Release --no-build --project "$project" -- \
  corpus "$corpus" --json "$out/corpus-$stamp.json" "$@" || status=$?

dotnet run -c Release --no-build --project "$project" -- \
  memory "$memory_gib" --json "$out/memory-$stamp.json" || { rc=$?; if (( rc > status )); then status=$rc; fi; }

exit "$status"
