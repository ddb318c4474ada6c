#!/usr/bin/env bash
# Coverage-guided fuzzing of the three WarpZip decoders with libFuzzer (through libfuzzer-dotnet).
#
#   tests/fuzz/run-libfuzzer.sh [SECONDS]        # default 600; findings go to tests/fuzz/findings/
#
# Needs: clang (apt-get install clang), libfuzzer-dotnet built from its source (one C file:
#   clang -fsanitize=fuzzer libfuzzer-dotnet.cc -o /usr/local/bin/libfuzzer-dotnet), and the
#   SharpFuzz command-line tool (dotnet tool install --global SharpFuzz.CommandLine), which
#   instruments WarpZip.dll in the publish folder. Every finding must become a regression input under
#   tests/fuzz/regressions/ (replayed by FuzzRegressionTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
out=$(mktemp -d)
dotnet publish tests/WarpZip.Fuzz -c Release -o "$out" >/dev/null
sharpfuzz "$out/WarpZip.dll"
mkdir -p tests/fuzz/findings tests/fuzz/corpus
cp -n tests/fuzz/regressions/* tests/fuzz/corpus/ 2>/dev/null || true
libfuzzer-dotnet --target_path="$out/WarpZip.Fuzz" --target_arg=libfuzzer \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -artifact_prefix=tests/fuzz/findings/ tests/fuzz/corpus
