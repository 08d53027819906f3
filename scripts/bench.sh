#!/usr/bin/env bash
# `make bench`: whole builds with the release binary, on the shared corpus and on generated
# corpora of 1,300 and 13,000 sources, against a parse-only floor. Prints every figure and the
# machine. Usage: scripts/bench.sh TARGET_DIR/release  (the folder with cfp-taxonomy and
# examples/parse_floor)
set -euo pipefail
release="$1"; bin="$release/cfp-taxonomy"; floor="$release/examples/parse_floor"
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$here/../shared/corpus"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f "%M" -o "$work/rss"); else
  echo "note: /usr/bin/time is missing (apt-get install time): peak memory is not measured"; timer=(); fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); $("$bin" --version)"

# One build of SOURCES into OUT, timed as a whole process; prints wall ms, peak RSS and stages.
build() {
  local label="$1" sources="$2" snaps="$3" runs="$4" best="" rss="not measured"
  for _ in $(seq "$runs"); do
    rm -f "$work/rss"
    local start; start=$(date +%s%N)
    "${timer[@]}" "$bin" build -q --sources "$sources" --snapshots "$snaps" --out "$work/out" --seeds "$here/seeds"
    local ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  [ -s "$work/rss" ] && rss="$(( $(cat "$work/rss") / 1024 )) MB"
  echo "$label: build best of $runs: ${best} ms; peak RSS $rss"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); t=r['timings_ms']; print('  stages (ms): ' + ', '.join(f'{k} {v}' for k,v in t.items())); print('  rows: ' + ', '.join(f'{k} {v}' for k,v in r['rows'].items()))" "$work/out/run.json"
}

build "shared corpus (15 sources)" "$here/seeds/sources.toml" "$corpus" 10

for n in 1300 13000; do
  "$bin" gen-corpus --sources "$n" --out "$work/gen-$n" -q
  echo "generated $n sources: $(du -sh "$work/gen-$n" | cut -f1)"
  "$floor" "$work/gen-$n"
  runs=3; [ "$n" -gt 5000 ] && runs=1
  build "$n sources" "$work/gen-$n/sources.toml" "$work/gen-$n" "$runs"
  rm -rf "$work/gen-$n"
done
