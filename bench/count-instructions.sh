#!/usr/bin/env bash
# Counts the instructions of one `check` round of the 1,000-page benchmark under callgrind, for any build:
#
#   PRICEWATCH_BENCH_PAGES=/tmp/pages .build/release/pricewatch-bench     # once: rounds 1 and 2 as files
#   bench/count-instructions.sh BINARY /tmp/pages ROUND [WORK]            # ROUND 1, 2 or 3
#
# Rounds before ROUND run normally against `python3 -m http.server` on 127.0.0.1 (PORT, default 8000) from
# a fresh snapshot folder; ROUND runs under `valgrind --tool=callgrind` (VALGRIND_ARGS are added, e.g.
# `--toggle-collect='*ContentEncoder*'`). Round 3 serves round 2's pages again with a newer modification
# time, so every page is fetched and read again. Counts do not move with the machine's load, so two builds
# compare by them on a busy machine. The binary is copied and stripped of its debug information first:
# valgrind cannot read that of the lld-linked release binary. Prints the total; the profile is WORK/callgrind.out
# (`callgrind_annotate --inclusive=yes WORK/callgrind.out | swift demangle --simplified`).
set -euo pipefail
binary=$1 pages=$2 round=$3 work=${4:-$(mktemp -d)}
port=${PORT:-8000}
[ -d "$pages/round-1" ] && [ -d "$pages/round-2" ] || {
    echo "no rounds in $pages: write them with PRICEWATCH_BENCH_PAGES=$pages .build/release/pricewatch-bench" >&2
    exit 64
}
rm -rf "$work/snapshots" && mkdir -p "$work"
cp "$binary" "$work/pricewatch" && strip --strip-debug "$work/pricewatch"
sed "s/127\.0\.0\.1:8000/127.0.0.1:$port/" "$pages/selectors.yml" >"$work/selectors.yml"
# A page whose modification time is not newer than the one the previous round stored answers 304.
find "$pages/round-1" -type f -exec touch -d 2029-01-01 {} +
find "$pages/round-2" -type f -exec touch -d 2030-01-01 {} +
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null' EXIT
for current in $(seq 1 "$round"); do
    folder="$pages/round-$([ "$current" = 1 ] && echo 1 || echo 2)"
    [ "$current" = 3 ] && find "$folder" -type f -exec touch -d 2031-01-01 {} +
    python3 -m http.server --bind 127.0.0.1 --directory "$folder" "$port" >"$work/server-$current.log" 2>&1 &
    server=$!
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do sleep 0.1; done
    wrapper=()
    [ "$current" = "$round" ] && wrapper=(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" ${VALGRIND_ARGS:-})
    status=0
    "${wrapper[@]}" "$work/pricewatch" check --config "$work/selectors.yml" --snapshots "$work/snapshots" \
        --format json --no-notify >"$work/report-$current.json" 2>"$work/stderr-$current.txt" || status=$?
    # 0 unchanged, 1 changes found; anything else is a failed run.
    [ "$status" -le 1 ] || { echo "round $current: check exited with $status (see $work/stderr-$current.txt)" >&2; exit 1; }
    kill "$server" && wait "$server" 2>/dev/null || true
    server=""
done
echo "round $round: $(grep -o 'Collected : [0-9]*' "$work/stderr-$round.txt" | grep -o '[0-9]*$') instructions"
