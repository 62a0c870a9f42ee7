#!/usr/bin/env bash
# Peak memory (RSS) and wall time of `validate`, `diff` and `mint` on the largest files the CLI
# is given (docs/performance.md, "Large files on the command line"; budget: a few hundred MB at
# most for any file the app accepts). tests/cli/large.rs asserts the bound; this prints figures.
#
#   benches/large_files.sh [BINARY]
#
# BINARY defaults to target/debug/anam-studio (`cargo build`). Exit 1 or 2 is a refusal or a
# difference; 137 would be the kernel killing it. Needs /usr/bin/time (Debian's
# `time` package) and python3 to write the files. mint goes to a sandbox started here (loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/debug/anam-studio}")
# shellcheck source=benches/support/sandbox.sh
source benches/support/sandbox.sh

# numbers-*: 8 MiB, four million one-digit numbers (over the value limit: refused).
# keys-*: 249,990 top-level keys, every value different on the other side (the worst accepted).
python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
for name, digit in (("numbers-a", "0"), ("numbers-b", "1")):
    body = ",".join([digit] * 4_190_000)
    open(f"{w}/{name}.json", "w").write('{"clientLabel": "numbers", "extra": [' + body + "]}\n")
for name, value in (("keys-a", 0), ("keys-b", 1)):
    body = ", ".join(f'"key{i:06}": {value}' for i in range(249_990))
    open(f"{w}/{name}.json", "w").write('{"clientLabel": "wide", ' + body + "}\n")
PY

printf '%-34s %8s %10s %s\n' command seconds "peak MB" exit
for kind in numbers keys; do
    a=$work/$kind-a.json b=$work/$kind-b.json
    for cmd in "validate $a" "diff $a $b" "mint --preset $a --base-url $url"; do
        set +e
        # shellcheck disable=SC2086 # the command's words
        ANAM_API_KEY=bench /usr/bin/time -f '%e %M' -o "$work/time" "$bin" $cmd >/dev/null 2>&1
        code=$?
        set -e
        read -r secs kb < <(tail -n1 "$work/time")
        printf '%-34s %8s %10.0f %s\n' "${cmd%% *} $kind" "$secs" "$((kb * 1024 / 1000000))" "$code"
    done
done
