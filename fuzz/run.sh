#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each, two at a time (one per core), on the
# pricewatch-fuzz binary `make fuzz` built with -sanitize=fuzzer,address. Corpora grow in .build/fuzz/corpus
# (seeded from fuzz/seeds and our fixtures); findings land in .build/fuzz/findings. Prints one line per
# target (seconds, executions, findings) and exits 1 if any target found something.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${FUZZ_BIN:-.build/fuzz/${FUZZ_CONFIG:-debug}/pricewatch-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-180}
JOBS=${FUZZ_JOBS:-2}
WORK=.build/fuzz
mkdir -p "$WORK/corpus" "$WORK/findings" "$WORK/logs"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <("$BIN" --list)

run_target() {
    local target=$1 seeds=() folder
    while read -r folder; do [ -d "$folder" ] && seeds+=("$folder"); done < <("$BIN" --seeds "$target")
    mkdir -p "$WORK/corpus/$target"
    local started="$WORK/logs/$target.started"
    touch "$started"
    # -rss_limit_mb: a leak or a quadratic blow-up is a finding too. -timeout: one input may take 30 s at most;
    # our 70 KB fixture pages take 1-2 s each in this debug, ASan build on a loaded machine, and a run at a load
    # of 20 took them past 10 s (found by a 240 s run beside four builds), which is not a finding.
    # ASan's leak check is left on; Swift's runtime keeps its metadata caches, which are not leaks.
    "$BIN" "$target" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 -max_len=262144 \
        -print_final_stats=1 -artifact_prefix="$WORK/findings/$target-" \
        "$WORK/corpus/$target" "${seeds[@]}" >"$WORK/logs/$target.log" 2>&1
    local status=$?
    local runs found
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$WORK/logs/$target.log" | grep -o '[0-9]*$')
    # Only this run's findings: earlier runs' files stay in the folder until someone reads them.
    found=$(find "$WORK/findings" -name "$target-*" -newer "$started" | wc -l)
    printf '%-10s %5ss %12s executions  %s findings  (exit %s)\n' "$target" "$SECONDS_EACH" "${runs:-?}" "$found" "$status"
    [ "$status" -eq 0 ]
}

failed=0
pids=()
for target in "${targets[@]}"; do
    run_target "$target" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$JOBS" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if [ $failed -ne 0 ]; then
    echo "fuzz: findings in $WORK/findings (logs in $WORK/logs). Reproduce one with" >&2
    echo "  swift run pricewatch-fuzz TARGET FILE, then add it to fuzz/regressions/TARGET/ with the fix." >&2
fi
exit $failed
