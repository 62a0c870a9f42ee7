#!/usr/bin/env bash
# `anam-studio mint` against curl with the same body and the same loopback sandbox
# (docs/performance.md; budget: mint's median wall time <= 1.3x curl's).
#
#   benches/cli_vs_curl.sh [BINARY]
#
# BINARY defaults to target/release/anam-studio (`cargo build --release` first). RUNS (default 30)
# timed runs of each, alternating mint and curl after 3 untimed warm-ups of each;
# PRESET (default presets/elevenlabs-v2-sales-demo.json) is the body. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/anam-studio}")
preset=${PRESET:-presets/elevenlabs-v2-sales-demo.json}
runs=${RUNS:-30}

# shellcheck source=benches/support/sandbox.sh
source benches/support/sandbox.sh

mint() {
    ANAM_API_KEY=x "$bin" mint --preset "$preset" --base-url "$url" >/dev/null
}
curl_mint() {
    curl -sSf -X POST "$url/v1/auth/session-token" -H "Authorization: Bearer x" \
        -H 'Content-Type: application/json' -d @"$preset" >/dev/null
}
# Prints the wall time of "$@" in ms.
timed() {
    local t0=$EPOCHREALTIME
    "$@"
    local t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

for _ in 1 2 3; do mint; curl_mint; done
: >"$work/mint.ms"
: >"$work/curl.ms"
for ((i = 0; i < runs; i++)); do
    timed mint >>"$work/mint.ms"
    timed curl_mint >>"$work/curl.ms"
done

m=$(median <"$work/mint.ms")
c=$(median <"$work/curl.ms")
echo "sandbox: $url; body: $preset; $runs alternating runs each"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); $("$bin" --version); $(curl --version | head -n1 | cut -d' ' -f1-2)"
printf 'mint  median %8.2f ms   (min %s, max %s)\n' "$m" "$(sort -n "$work/mint.ms" | head -n1)" "$(sort -n "$work/mint.ms" | tail -n1)"
printf 'curl  median %8.2f ms   (min %s, max %s)\n' "$c" "$(sort -n "$work/curl.ms" | head -n1)" "$(sort -n "$work/curl.ms" | tail -n1)"
awk -v m="$m" -v c="$c" 'BEGIN { printf "ratio mint/curl: %.2fx (budget <= 1.3x)\n", m / c }'
