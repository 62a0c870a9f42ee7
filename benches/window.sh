#!/usr/bin/env bash
# The real window's budgets under Xvfb (docs/performance.md): start-up to the first frame,
# frames drawn while idle (no token; then a live token countdown), peak RSS.
#
#   benches/window.sh [BINARY] [PRESETS]
#
# BINARY defaults to target/release/anam-studio (build it with `cargo build --release`).
# PRESETS: a number of presets to put in the presets folder (ANAM_STUDIO_PRESETS); empty for a
# fresh HOME, where the app seeds the 4 shipped ones on its first start.
# STARTS (default 6) start-ups are timed, the first on a fresh HOME; IDLE_SECS (default 10) is
# how long each idle count lasts. Needs xvfb-run, xauth, xdotool and perl
# (`apt-get install -y xvfb xauth xdotool`). SCREENSHOT=1 keeps a screenshot of the minted token.
#
# Frames are counted from the app's own log (ANAM_STUDIO_FRAME_LOG=1: one "frame N" line per
# frame on stderr), each line stamped by perl when it arrives. Start-up is the time from the
# launch to the arrival of "frame 1": the end of the first frame's ui(), just before it is
# painted and the window is shown.
set -euo pipefail

if [[ -z ${ANAM_WINDOW_SH_IN_XVFB:-} ]]; then
    export ANAM_WINDOW_SH_IN_XVFB=1
    exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$@"
fi

cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/anam-studio}")
presets=${2:-}
starts=${STARTS:-6}
secs=${IDLE_SECS:-10}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME ANAM_STUDIO_PRESETS ANAM_STUDIO_THEME
if [[ -n $presets ]]; then
    export ANAM_STUDIO_PRESETS=$work/presets
    mkdir -p "$ANAM_STUDIO_PRESETS"
    shipped=(presets/*.json)
    for ((i = 0; i < presets; i++)); do
        src=${shipped[i % ${#shipped[@]}]}
        cp "$src" "$ANAM_STUDIO_PRESETS/$(basename "$src" .json)-$(printf %04d "$i").json"
    done
fi

# Keep the pointer off the window: a hovered widget may ask for repaints.
xdotool mousemove 1399 899

now() { printf '%s\n' "$EPOCHREALTIME"; }
frames() { grep -c ' frame ' "$1" || true; }

# Starts the app with its log stamped into $1; sets $pid and $t0.
launch() {
    : >"$1"
    t0=$(now)
    ANAM_STUDIO_FRAME_LOG=1 "$bin" 2> >(perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%.6f %s", time, $_' >>"$1") &
    pid=$!
}

# Waits for frame 1; prints the start-up in ms.
first_frame_ms() {
    local log=$1 line
    for _ in $(seq 1 200); do
        line=$(grep -m1 ' frame 1 at ' "$log" || true)
        if [[ -n $line ]]; then
            perl -e 'printf "%.1f\n", ($ARGV[0] - $ARGV[1]) * 1000' "${line%% *}" "$t0"
            return
        fi
        sleep 0.05
    done
    echo "no frame within 10 s; log:" >&2
    cat "$log" >&2
    exit 1
}

stop() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

echo "binary: $bin ($(stat -c %s "$bin") bytes)"
echo "presets: ${presets:-4 shipped (seeded on the first start)}"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"

startup=()
for ((run = 1; run <= starts; run++)); do
    launch "$work/start.log"
    ms=$(first_frame_ms "$work/start.log")
    startup+=("$ms")
    sleep 0.3
    stop
done
echo "start-up to frame 1 (ms), run 1 on a fresh HOME: ${startup[*]}"
printf '%s\n' "${startup[@]:1}" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR) printf "start-up median of runs 2..: %.1f ms\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'

log=$work/frames.log
launch "$log"
first_frame_ms "$log" >/dev/null
sleep 2
before=$(frames "$log")
sleep "$secs"
idle=$(($(frames "$log") - before))
echo "idle, no token: $idle frames in $secs s (after $before start-up frames)"
echo "peak RSS idle (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$pid/status")"

# The Mint button of the 1360x860 window at the screen's top left; then the pointer leaves.
xdotool mousemove 1316 44 click 1
sleep 0.3
xdotool mousemove 1399 899
sleep 1.7
if [[ -n ${SCREENSHOT:-} ]]; then
    import -window root "/tmp/anam-studio-window.png" && echo "screenshot: /tmp/anam-studio-window.png"
fi
before=$(frames "$log")
sleep "$secs"
live=$(($(frames "$log") - before))
echo "idle, live token countdown: $live frames in $secs s"
echo "peak RSS after minting (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$pid/status")"
echo "frame CPU (ui) while idle with the countdown, ms: $(tail -n "$live" "$log" | awk '/ frame / { print $(NF - 1) }' | sort -n | tr '\n' ' ')"
stop
