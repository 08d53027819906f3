#!/usr/bin/env bash
# `make bench`: whole builds with the release binary, on the shared corpus and on generated
# corpora of 1,300 and 13,000 sources, against a parse-only floor; then the hostile scales of
# issue 15: 10,000 copies of one post, 10,000 sources of 5 MiB, and 10,000 sources at an
# endpoint that takes a second to answer. Prints every figure, the machine, each figure against
# its target, and checks that one thread and all threads write the same bytes. Usage: scripts/bench.sh TARGET_DIR/release  (the folder with
# cfp-taxonomy and examples/parse_floor)
set -euo pipefail
release="$1"; bin="$release/cfp-taxonomy"; floor="$release/examples/parse_floor"
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$here/../shared/corpus"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Wall time and peak memory of one command, from Python's standard library (a fresh machine
# has Python but not always /usr/bin/time). Prints "MS PEAK_MB".
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
ms = round((time.perf_counter() - start) * 1000)
print(ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
PY
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); $("$bin" --version)"

# build LABEL MANIFEST SNAPSHOTS RUNS OUT: the best wall time of RUNS whole builds, the largest
# peak memory, and the stage times of the last. Sets $best_ms and $peak_mb.
build() {
  local label="$1" sources="$2" snaps="$3" runs="$4" out="$5"
  best_ms=""; peak_mb=0
  for _ in $(seq "$runs"); do
    local ms mb
    read -r ms mb < <(measure "$bin" build -q --sources "$sources" --snapshots "$snaps" --out "$out" --seeds "$here/seeds")
    if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
    if [ "$mb" -gt "$peak_mb" ]; then peak_mb=$mb; fi
  done
  echo "$label: build best of $runs: ${best_ms} ms; peak RSS ${peak_mb} MB"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); t=r['timings_ms']; print('  stages (ms): ' + ', '.join(f'{k} {v}' for k,v in t.items())); print('  rows: ' + ', '.join(f'{k} {v}' for k,v in r['rows'].items()))" "$out/run.json"
}

# verdict WHAT VALUE LIMIT UNIT: one line, "met" or "MISSED".
verdict() {
  local what="$1" value="$2" limit="$3" unit="$4" word="met"
  if [ "$(python3 -c "print(int(float('$value') <= float('$limit')))")" != 1 ]; then word="MISSED"; fi
  echo "  target $what: $value $unit (limit $limit $unit): $word"
}

build "shared corpus (15 sources)" "$here/seeds/sources.toml" "$corpus" 10 "$work/out"

for n in 1300 13000; do
  "$bin" gen-corpus --sources "$n" --out "$work/gen-$n" -q
  echo "generated $n sources: $(du -sh "$work/gen-$n" | cut -f1)"
  # The floor is timed like the build: best of three, so the ratio compares best with best.
  floor_ms=""
  for _ in 1 2 3; do
    floor_line="$("$floor" "$work/gen-$n")"
    ms="$(echo "$floor_line" | sed -E 's/^parse-only floor: ([0-9]+) ms.*/\1/')"
    if [ -z "$floor_ms" ] || [ "$ms" -lt "$floor_ms" ]; then floor_ms=$ms; best_line=$floor_line; fi
  done
  echo "$best_line (best of 3)"
  runs=3; [ "$n" -gt 5000 ] && runs=2
  build "$n sources" "$work/gen-$n/sources.toml" "$work/gen-$n" "$runs" "$work/out-$n"
  if [ "$n" -eq 1300 ]; then time_limit=1000; mem_limit=250; else time_limit=8000; mem_limit=1500; fi
  verdict "time" "$best_ms" "$time_limit" ms
  verdict "memory" "$peak_mb" "$mem_limit" MB
  verdict "end-to-end / parse floor" "$(python3 -c "print(round($best_ms / max($floor_ms, 1), 1))")" 2 "x"
  # Determinism: one thread must write the bytes all threads wrote (run.json holds timings).
  RAYON_NUM_THREADS=1 "$bin" build -q --sources "$work/gen-$n/sources.toml" --snapshots "$work/gen-$n" \
    --out "$work/one-$n" --seeds "$here/seeds" --concurrency 1
  if diff -rq -x run.json "$work/out-$n" "$work/one-$n" >/dev/null; then
    echo "  1 thread and $(nproc) threads wrote the same bytes ($(ls "$work/out-$n" | wc -l) files)"
  else
    echo "  DIFFERENT output with 1 thread:"; diff -rq -x run.json "$work/out-$n" "$work/one-$n" || true; exit 1
  fi
  rm -rf "$work/gen-$n" "$work/out-$n" "$work/one-$n"
done

# manifest DIR N PREFIX URL_BASE: N ideas entries named PREFIX00000…, read from DIR/ID.md.
manifest() {
  python3 - "$@" <<'PY'
import sys
d, n, prefix, base = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(f"{d}/sources.toml", "w") as f:
    for i in range(n):
        f.write(f'[[source]]\nid = "{prefix}{i:05d}"\ntitle = "t"\nevent = "E"\nyear = {2016 + i % 10}\n'
                f'kind = "ideas"\nformat = "markdown"\nurl = "{base}/{prefix}{i:05d}.md"\n\n')
PY
}

# 10,000 copies of one post: the catch-all rule and concept ids must stay linear.
mkdir -p "$work/copies"
printf '# Ideas\n\n- Caching with Redis\n- Testing Django apps with pytest\n- Security (OWASP top ten)\n' > "$work/copies/post.md"
for i in $(seq -f "%05g" 0 9999); do ln -s post.md "$work/copies/c$i.md"; done
manifest "$work/copies" 10000 c https://copies.example
build "10000 copies of one post" "$work/copies/sources.toml" "$work/copies" 2 "$work/out-copies"
verdict "time" "$best_ms" 10000 ms
rm -rf "$work/copies" "$work/out-copies"

# 10,000 sources of 5 MiB each: only the bodies in flight are held.
mkdir -p "$work/big"
python3 -c "
import sys
body = '# Ideas\n\n- Caching\n- Testing\n- Search\n\n' + ('lorem ipsum dolor sit amet ' * 194200)[:5 * 1024 * 1024 - 100] + '\n'
open(sys.argv[1], 'w').write(body)" "$work/big/body.md"
for i in $(seq -f "%05g" 0 9999); do ln -s body.md "$work/big/b$i.md"; done
manifest "$work/big" 10000 b https://big.example
build "10000 sources of 5 MiB" "$work/big/sources.toml" "$work/big" 1 "$work/out-big"
verdict "memory" "$peak_mb" 1024 MB
rm -rf "$work/big" "$work/out-big"

# 10,000 sources at an endpoint that answers after a second: four at a time to one host, the
# fetch ends at --deadline 60, and the build goes on with what it read.
python3 - "$work/port" <<'PY' &
import http.server, socketserver, sys, time
class Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(1)
        body = b"# Ideas\n\n- Caching\n- Testing\n- Search\n"
        self.send_response(200); self.send_header("Content-Type", "text/markdown")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
with Server(("127.0.0.1", 0), Slow) as s:
    open(sys.argv[1], "w").write(str(s.server_address[1])); s.serve_forever()
PY
server=$!
while [ ! -s "$work/port" ]; do sleep 0.1; done
mkdir -p "$work/slow"
manifest "$work/slow" 10000 s "http://127.0.0.1:$(cat "$work/port")"
read -r ms mb < <(measure "$bin" build -q --sources "$work/slow/sources.toml" --out "$work/out-slow" \
  --seeds "$here/seeds" --no-cache --deadline 60 || true)
kill "$server"
echo "10000 sources at a 1-second endpoint (--deadline 60): ${ms} ms; peak RSS ${mb} MB"
python3 -c "import csv,sys,collections; print('  sources: ' + ', '.join(f'{k} {v}' for k,v in sorted(collections.Counter(r['status'] for r in csv.DictReader(open(sys.argv[1]))).items())))" "$work/out-slow/sources.csv"
verdict "time" "$ms" 75000 ms
