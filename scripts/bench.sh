#!/usr/bin/env bash
# Time whole builds of the shared corpus with the release binary; print the figures and the
# machine they were measured on. Usage: scripts/bench.sh PATH/TO/cfp-taxonomy [RUNS]
set -euo pipefail
bin="$1"; runs="${2:-10}"
corpus="$(cd "$(dirname "$0")/../../shared/corpus" && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m)"
echo "binary:  $("$bin" --version)"
echo "input:   $corpus ($(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1))"
"$bin" build --snapshots "$corpus" --out "$work/out" -q   # warm the page cache
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f "%M" -o "$work/rss"); else
  echo "note:    /usr/bin/time is missing (apt-get install time): peak memory is not measured"; timer=(); fi
best=""; total=0
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "${timer[@]}" "$bin" build --snapshots "$corpus" --out "$work/out" -q
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  total=$((total + ms)); if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
rss="not measured"; [ -s "$work/rss" ] && rss="$(cat "$work/rss") KiB"
echo "build:   best ${best} ms, mean $((total / runs)) ms over $runs runs (whole process, files written); peak RSS $rss"
python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings_ms']; print('stages (run.json, last run; total excludes writing the files): ' + ', '.join(f'{k} {v} ms' for k,v in t.items()))" "$work/out/run.json"
