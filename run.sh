#!/usr/bin/env bash
# Compresses FILE to OUTPUT (default FILE.gz) with WarpGZipStream; the `warpzip` tool will replace this sample.
set -euo pipefail
input=$(realpath "${1:?usage: ./run.sh FILE [OUTPUT]}")
output=$(realpath -m "${2:-$1.gz}")
cd "$(dirname "$0")"
dotnet run -c Release --project src/WarpZip.Sample -- "$input" "$output"
