# Sourced by the shell benches: `work` (a temporary folder) and a sandbox from "$bin" on a free
# loopback port, whose address is `url`; both go when the script exits.
work=$(mktemp -d)
sandbox_pid=
cleanup() {
    if [[ -n $sandbox_pid ]]; then
        kill "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# The sandbox picks a free port and says which.
"$bin" sandbox --port 0 2>"$work/sandbox.log" &
sandbox_pid=$!
url=
for _ in $(seq 1 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/sandbox.log" | head -n1 || true)
    [[ -n $url ]] && break
    sleep 0.05
done
[[ -n $url ]] || { echo "the sandbox did not start:" >&2; cat "$work/sandbox.log" >&2; exit 1; }
