#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite; ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Command-line peers the interop tests call (gzip, pigz, python3's zlib).
if ! command -v gzip >/dev/null || ! command -v pigz >/dev/null || ! command -v python3 >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gzip pigz python3 >/dev/null
  else
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gzip pigz python3 >/dev/null
  fi
fi

dotnet restore WarpZip.sln
dotnet build WarpZip.sln -c Release --no-restore

log=$(mktemp)
status=0
dotnet test tests/WarpZip.Tests/WarpZip.Tests.csproj -c Release --no-build \
  --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?

# The dotnet test summary line looks like "Passed!  - Failed: 0, Passed: 120, Skipped: 0, Total: 120".
summary=$(grep -E "(Passed|Failed)!? +- Failed: +[0-9]+, Passed: +[0-9]+" "$log" | tail -n 1 || true)
failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
rm -f "$log"
if [ -z "$summary" ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
