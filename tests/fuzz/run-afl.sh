#!/usr/bin/env bash
# Coverage-guided fuzzing of the three WarpZip decoders with AFL++ (Debian package afl++).
#
#   tests/fuzz/run-afl.sh [SECONDS]              # default 600; findings in tests/fuzz/afl-out/
#
# Needs: apt-get install afl++ and dotnet tool install --global SharpFuzz.CommandLine.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
out=$(mktemp -d)
dotnet publish tests/WarpZip.Fuzz -c Release -o "$out" >/dev/null
sharpfuzz "$out/WarpZip.dll"
seeds=$(mktemp -d)
printf '\x00\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x4a\x06\x00\xc2\x41\x24\x35\x03\x00\x00\x00' > "$seeds/gzip-abc"
printf '\x01\x78\x9c\x4b\x4c\x4a\x06\x00\x02\x4d\x01\x27' > "$seeds/zlib-abc"
printf '\x02\x4b\x4c\x4a\x06\x00' > "$seeds/deflate-abc"
cp tests/fuzz/regressions/* "$seeds/" 2>/dev/null || true
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1
timeout "$seconds" afl-fuzz -i "$seeds" -o tests/fuzz/afl-out -t 10000 -m none -- dotnet "$out/WarpZip.Fuzz.dll" afl || true
ls tests/fuzz/afl-out/default/crashes tests/fuzz/afl-out/default/hangs 2>/dev/null || true
