#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite; ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Command-line peers the interop tests call (gzip, pigz, python3's zlib, libdeflate-gzip, igzip, zopfli).
if ! command -v gzip >/dev/null || ! command -v pigz >/dev/null || ! command -v python3 >/dev/null \
  || ! command -v libdeflate-gzip >/dev/null || ! command -v igzip >/dev/null || ! command -v zopfli >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gzip pigz python3 libdeflate-tools isal zopfli >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gzip pigz python3 libdeflate-tools isal zopfli >/dev/null
  fi
fi

dotnet restore WarpZip.sln
dotnet build WarpZip.sln -c Release --no-restore

log=$(mktemp)
status=0
dotnet test WarpZip.sln -c Release --no-build 2>&1 | tee "$log" || status=$?

# Each test project prints "Passed!  - Failed: 0, Passed: 120, Skipped: 0, Total: 120, ..." (or
# "Failed!  - ..."); add them up across projects.
summaries=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$log" || true)
rm -f "$log"
if [ -z "$summaries" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summaries" | awk '{ n += $1 } END { print n }')
passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summaries" | awk '{ n += $1 } END { print n }')
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
