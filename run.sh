#!/usr/bin/env bash
# The main job: compress FILE to OUTPUT (default FILE.gz) with the warpzip tool, printing what ran.
set -euo pipefail
input=$(realpath "${1:?usage: ./run.sh FILE [OUTPUT]}")
output=$(realpath -m "${2:-$1.gz}")
cd "$(dirname "$0")"
dotnet build -c Release src/WarpZip.Tool -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project src/WarpZip.Tool -- -c --stats "$input" > "$output"
