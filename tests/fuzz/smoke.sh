#!/usr/bin/env bash
# A bounded fuzz smoke run that needs no fuzzer: seeded random mutations of valid gzip/zlib/deflate
# streams through the same target (WarpZip may only throw InvalidDataException and must agree with
# System.IO.Compression). No coverage feedback: for real fuzzing use run-libfuzzer.sh or run-afl.sh.
#
#   tests/fuzz/smoke.sh [SECONDS]                # default 60; WARPZIP_FUZZ_SEED=N repeats a run
#
# Not run by CI (test.sh): the fuzz project only builds there.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
dotnet build tests/WarpZip.Fuzz -c Release >/dev/null
dotnet tests/WarpZip.Fuzz/bin/Release/net10.0/WarpZip.Fuzz.dll smoke "$seconds" tests/fuzz/findings
