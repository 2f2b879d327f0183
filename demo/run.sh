#!/usr/bin/env bash
# The whole product offline (`make demo` builds the binaries, then runs this): a loopback devserver stands in
# for the vendor sites and Slack; `pricewatch check` stores a baseline, the pages change (Luma's page a few
# weeks later), the second check reports exactly those changes and posts them to the Slack receiver, and
# `pricewatch report` writes demo/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."

PRICEWATCH=.build/release/pricewatch
DEVSERVER=.build/release/pricewatch-devserver
for binary in "$PRICEWATCH" "$DEVSERVER"; do
    [[ -x "$binary" ]] || { echo "demo: $binary is missing; run \`make demo\`, which builds it" >&2; exit 1; }
done
[[ -f selectors.yml ]] || { echo "demo: selectors.yml (the site rules) is missing from the repo root" >&2; exit 1; }

work=$(mktemp -d)
log="$work/devserver.log"
"$DEVSERVER" --pages demo/pages/v1 --pages-v2 demo/pages/v2 >"$log" 2>&1 &
server_pid=$!
cleanup() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 200); do
    grep -q '^PORT ' "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "demo: the devserver did not start" >&2; exit 1; }
    sleep 0.05
done
port=$(sed -n 's/^PORT //p' "$log")
[[ -n "$port" ]] || { echo "demo: the devserver printed no port" >&2; exit 1; }
base="http://127.0.0.1:$port"
export SLACK_WEBHOOK_URL="$base/hooks/slack"

# The repo's rules (every top-level section but its own targets and notify), the demo's JavaScript-built
# site under `sites:`, and the demo's targets.
config="$work/selectors.yml"
awk -v sites=demo/sites.demo.yml '
    /^[A-Za-z_]+:/ { skip = ($1 == "targets:" || $1 == "notify:") }
    !skip { print }
    !skip && $1 == "sites:" { while ((getline line < sites) > 0) print line }
' selectors.yml >"$config"
sed "s|{{BASE}}|$base|g" demo/selectors.demo.yml >>"$config"

# Runs check; 0 (nothing to report), 1 (changes) and 2 (some targets failed) are results to show, not errors.
run_check() {
    local status=0
    "$PRICEWATCH" check --config "$config" --snapshots "$work/snapshots" "$@" || status=$?
    if ((status > 2)); then
        echo "demo: pricewatch check exited with $status" >&2
        exit "$status"
    fi
}

echo "== devserver on $base, Slack receiver at $SLACK_WEBHOOK_URL"
echo
echo "== 1. first check: every target is new, a baseline is stored"
run_check
echo
echo "== 2. the vendor pages change (Luma re-verified its page, changed a price and two features; Acme's"
echo "      script-built page now shows Team at \$59)"
curl -fsS -X POST "$base/_switch"
echo
echo "== 3. second check: only the real changes are reported"
run_check
echo
echo "== 4. what the Slack receiver got"
for _ in $(seq 40); do
    grep -q '^SLACK' "$log" && break
    sleep 0.05
done
if grep -q '^SLACK' "$log"; then
    sed -n '/^SLACK/,$p' "$log" | grep -v '^SWITCHED'
else
    echo "(no Slack payload arrived: check that the notify section matches what pricewatch expects)"
fi
echo
echo "== 5. the analysts' view: one self-contained HTML report"
"$PRICEWATCH" report --snapshots "$work/snapshots" --out demo/report.html --title "pricewatch demo" 2>/dev/null
echo "report written to $(pwd)/demo/report.html (open it in a browser; it makes no requests and runs no script)"
