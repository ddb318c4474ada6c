#!/usr/bin/env bash
# Command-line comparison: warpzip against gzip, pigz (-p 1 and all cores), igzip and libdeflate-gzip on
# one corpus, concatenated into a single file so that dotnet's start-up (~50-100 ms per run) is small
# next to the work.
#
#   bench/compare-cli.sh [DIR] [--runs N] [--levels "1 6 9"] [--out docs/benchmarks]
#
# DIR defaults to ../shared/corpus/silesia (every regular file directly in DIR, ordinal name order).
# For each tool and level: one untimed run that writes the compressed file (its size gives the ratio;
# it is then decompressed and compared with the input), then N timed runs of compression and of
# decompression of the tool's own output, interleaved across tools (run 1 of every tool, then run 2...)
# so slow drifts of a shared machine's load hit every tool alike. Timed runs read from /dev/shm and
# write to /dev/null. Wall time from bash's clock; CPU time (user + sys) and peak RSS from
# /usr/bin/time -v. Figures are medians of the N runs; throughput is MB/s of uncompressed bytes (10^6).
#
# Writes to OUT (default docs/benchmarks): cli-results.md (table + machine), cli-results.csv (medians),
# cli-raw.csv (every run, with the 1-minute load average before it), cli-throughput-vs-ratio.png and
# cli-throughput-vs-ratio-decompress.png (+ .svg) drawn by the benchmarks project's `plot` mode.
# Missing tools are installed with apt-get (gzip, pigz, isal, libdeflate-tools, time) when running as
# root; a tool that still cannot be had is named and skipped.
set -euo pipefail
export LC_ALL=C

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="$repo/../shared/corpus/silesia"
runs=3
levels="1 6 9"
out="$repo/docs/benchmarks"
if [[ $# -gt 0 && "$1" != --* ]]; then corpus="$1"; shift; fi
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --levels) levels="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: bench/compare-cli.sh [DIR] [--runs N] [--levels \"1 6 9\"] [--out DIR]" >&2; exit 2 ;;
  esac
done
corpus="$(cd "$corpus" && pwd)"
mkdir -p "$out"
cores="$(nproc)"

# --- tools -------------------------------------------------------------------------------------------
declare -A package=([gzip]=gzip [pigz]=pigz [igzip]=isal [libdeflate-gzip]=libdeflate-tools [/usr/bin/time]=time)
missing=()
for tool in "${!package[@]}"; do command -v "$tool" >/dev/null || missing+=("${package[$tool]}"); done
if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} with apt-get" >&2
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || true
  fi
fi
unavailable=()
for tool in gzip pigz igzip libdeflate-gzip; do
  command -v "$tool" >/dev/null || unavailable+=("$tool (Debian package ${package[$tool]})")
done
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time, Debian package time) is required" >&2; exit 1; }
if (( ${#unavailable[@]} > 0 )); then echo "not available, skipped: ${unavailable[*]}" >&2; fi

echo "building warpzip (Release) and the benchmarks project (for the plot)" >&2
dotnet build "$repo/src/WarpZip.Tool" -c Release --nologo -v quiet >/dev/null
dotnet build "$repo/bench/WarpZip.Benchmarks" -c Release --nologo -v quiet >/dev/null
warpzip="dotnet $repo/src/WarpZip.Tool/bin/Release/net10.0/WarpZip.Tool.dll"

# --- input ------------------------------------------------------------------------------------------
work="$(mktemp -d /dev/shm/warpzip-cli.XXXXXX)"
trap 'rm -rf "$work"' EXIT
input="$work/corpus"
find "$corpus" -maxdepth 1 -type f -print0 | sort -z | xargs -0 cat > "$input"
bytes=$(stat -c %s "$input")
files=$(find "$corpus" -maxdepth 1 -type f -printf '%f\n' | sort | paste -sd, -)
echo "input: $bytes bytes from $corpus ($files)" >&2

# --- configurations: name|compress command for level L|decompress command ----------------------------
# Levels a tool lacks are mapped: igzip has levels 0-3 (1 -> -1, 6 -> -2, 9 -> -3); libdeflate also has
# 10-12, not used here. Every compressor reads standard input and writes standard output.
configs=()
have() { command -v "$1" >/dev/null; }
configs+=("warpzip -p 1|$warpzip -c -p 1 -L|$warpzip -dc -p 1")
configs+=("warpzip -p $cores|$warpzip -c -p $cores -L|$warpzip -dc -p $cores")
configs+=("warpzip -p $cores indexed|$warpzip -c -p $cores --framing indexed -L|$warpzip -dc -p $cores")
have gzip && configs+=("gzip|gzip -c -L|gzip -dc")
have pigz && configs+=("pigz -p 1|pigz -c -p 1 -L|pigz -dc -p 1")
have pigz && configs+=("pigz -p $cores|pigz -c -p $cores -L|pigz -dc -p $cores")
have igzip && configs+=("igzip|igzip -c -L|igzip -dc")
have libdeflate-gzip && configs+=("libdeflate-gzip|libdeflate-gzip -c -L|libdeflate-gzip -dc")

level_for() { # config name, level -> the tool's level flag
  case "$1" in
    igzip) case "$2" in 1) echo 1 ;; 6) echo 2 ;; *) echo 3 ;; esac ;;
    *) echo "$2" ;;
  esac
}

raw="$out/cli-raw.csv"
echo "config,level,run,phase,wall_s,cpu_s,max_rss_kib,load1" > "$raw"

# measure CONFIG LEVEL RUN PHASE INPUT COMMAND...: one timed run into /dev/null, appended to $raw.
measure() {
  local config="$1" level="$2" run="$3" phase="$4" in="$5"; shift 5
  local load start end
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$EPOCHREALTIME
  /usr/bin/time -v -o "$work/time" "$@" < "$in" > /dev/null
  end=$EPOCHREALTIME
  local user sys rss
  user=$(awk -F': ' '/User time/ {print $2}' "$work/time")
  sys=$(awk -F': ' '/System time/ {print $2}' "$work/time")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time")
  printf '%s,%s,%s,%s,%.4f,%.2f,%s,%s\n' "$config" "$level" "$run" "$phase" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')" "$rss" "$load" >> "$raw"
}

uptime_start="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A size
for level in $levels; do
  # Untimed: the output file for the ratio and for decompression, checked by a round trip.
  for entry in "${configs[@]}"; do
    IFS='|' read -r name comp decomp <<< "$entry"
    l=$(level_for "$name" "$level")
    ${comp/-L/-$l} < "$input" > "$work/out.$level.${name// /_}"
    ${decomp} < "$work/out.$level.${name// /_}" | cmp -s - "$input" || { echo "round trip failed: $name -$l" >&2; exit 1; }
    size["$name|$level"]=$(stat -c %s "$work/out.$level.${name// /_}")
    echo "  $name -$l: ${size["$name|$level"]} bytes" >&2
  done
  for ((run = 1; run <= runs; run++)); do
    for entry in "${configs[@]}"; do
      IFS='|' read -r name comp decomp <<< "$entry"
      l=$(level_for "$name" "$level")
      # shellcheck disable=SC2086 # the commands are word lists on purpose
      measure "$name" "$level" "$run" compress "$input" ${comp/-L/-$l}
      # shellcheck disable=SC2086
      measure "$name" "$level" "$run" decompress "$work/out.$level.${name// /_}" ${decomp}
    done
    echo "  level $level: run $run of $runs done (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  done
done
uptime_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- summary: medians ---------------------------------------------------------------------------------
median() { sort -g | awk '{v[NR]=$1} END {if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
col() { # config level phase column-number -> values
  awk -F, -v c="$1" -v l="$2" -v p="$3" -v k="$4" '$1==c && $2==l && $4==p {print $k}' "$raw"
}
csv="$out/cli-results.csv"
echo "config,level,tool_level,threads,compressed_bytes,ratio,compress_mbps,decompress_mbps,compress_cpu_s,decompress_cpu_s,compress_rss_mib,decompress_rss_mib" > "$csv"
for level in $levels; do
  for entry in "${configs[@]}"; do
    IFS='|' read -r name _ _ <<< "$entry"
    cw=$(col "$name" "$level" compress 5 | median); dw=$(col "$name" "$level" decompress 5 | median)
    cc=$(col "$name" "$level" compress 6 | median); dc=$(col "$name" "$level" decompress 6 | median)
    cr=$(col "$name" "$level" compress 7 | median); dr=$(col "$name" "$level" decompress 7 | median)
    threads=1; [[ "$name" == *"-p $cores"* ]] && threads=$cores
    s=${size["$name|$level"]}
    awk -v n="$name" -v L="$level" -v tl="$(level_for "$name" "$level")" -v t="$threads" -v s="$s" -v b="$bytes" \
        -v cw="$cw" -v dw="$dw" -v cc="$cc" -v dc="$dc" -v cr="$cr" -v dr="$dr" \
      'BEGIN {printf "%s,%s,%s,%s,%d,%.4f,%.1f,%.1f,%.2f,%.2f,%.1f,%.1f\n", n, L, tl, t, s, s/b, b/cw/1e6, b/dw/1e6, cc, dc, cr/1024, dr/1024}' >> "$csv"
  done
done

# --- markdown ---------------------------------------------------------------------------------------
md="$out/cli-results.md"
{
  echo "# Command-line comparison"
  echo
  echo "- Command: \`bench/compare-cli.sh $corpus --runs $runs --levels \"$levels\"\`"
  echo "- Input: $files from \`$corpus\`, concatenated: $bytes bytes ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB), read from /dev/shm; output to /dev/null"
  echo "- Machine: $cores logical cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), .NET $(dotnet --version)"
  echo "- Tools: $($warpzip -V 2>&1 | head -1 | tr -d '\r'); $(gzip -V 2>&1 | head -1); $(pigz -V 2>&1 | head -1); $(igzip -V 2>&1 | head -1); libdeflate-gzip $(libdeflate-gzip -V 2>&1 | head -1 | awk '{print $NF}')"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average (1, 5, 15 min) at start $uptime_start, at end $uptime_end; the machine was shared with other builds and tests"
  echo "- Each figure is the median of $runs interleaved runs; every tool decompresses its own output. warpzip runs include dotnet start-up (about 50-100 ms per run)."
  echo "- igzip has levels 0-3 only: the rows for levels 1 / 6 / 9 ran igzip -1 / -2 / -3 (tool level column)."
  echo
  echo "| tool | level | threads | ratio | compress MB/s | decompress MB/s | compress CPU s | decompress CPU s | compress peak RSS MiB | decompress peak RSS MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$csv" | awk -F, '{printf "| %s | -%s | %s | %.3f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f |\n", $1, $3, $4, $6, $7, $8, $9, $10, $11, $12}'
  if (( ${#unavailable[@]} > 0 )); then echo; echo "Not available, skipped: ${unavailable[*]}"; fi
} > "$md"

dotnet "$repo/bench/WarpZip.Benchmarks/bin/Release/net10.0/WarpZip.Benchmarks.dll" plot "$csv" "$out/cli-throughput-vs-ratio.png" \
  --svg "$out/cli-throughput-vs-ratio.svg" --title "$(awk -v b="$bytes" 'BEGIN{printf "%.1f MB corpus", b/1e6}'), $cores cores" >&2

cat "$md"
