#!/usr/bin/env bash
# Takes the README's screenshots from the real release binary under Xvfb: the main window with a
# token minted against the built-in sandbox, in the dark and the light theme.
# Needs: apt-get install -y xvfb xauth imagemagick xdotool
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release
out=assets/screenshots
for theme in dark light; do
  home=$(mktemp -d)
  HOME=$home ANAM_STUDIO_THEME=$theme xvfb-run -a -s "-screen 0 1400x900x24" sh -c "
    target/release/anam-studio & app=\$!
    sleep 3
    xdotool mousemove 1316 44 click 1   # Mint
    sleep 2
    xdotool mousemove 1390 890          # move the pointer out of the way
    sleep 1
    import -window root -crop 1360x860+0+0 $out/main-$theme.png
    kill \$app" >/dev/null 2>&1 || true
  rm -rf "$home"
  echo "wrote $out/main-$theme.png"
done
# The avatar picker (dark), from a second run so the first-run notice is gone.
home=$(mktemp -d)
HOME=$home xvfb-run -a -s "-screen 0 1400x900x24" sh -c "target/release/anam-studio & sleep 2; kill \$!" >/dev/null 2>&1 || true
HOME=$home ANAM_STUDIO_THEME=dark xvfb-run -a -s "-screen 0 1400x900x24" sh -c "
  target/release/anam-studio & app=\$!
  sleep 3
  xdotool mousemove 504 236 click 1   # Pick avatar…
  sleep 3
  xdotool mousemove 1390 890
  sleep 1
  import -window root -crop 1360x860+0+0 $out/avatar-picker.png
  kill \$app" >/dev/null 2>&1 || true
rm -rf "$home"
echo "wrote $out/avatar-picker.png"
# Compare (dark): two fields edited, Compare with saved, Show all fields ticked.
home=$(mktemp -d)
HOME=$home ANAM_STUDIO_THEME=dark xvfb-run -a -s "-screen 0 1400x900x24" sh -c "
  target/release/anam-studio & app=\$!
  sleep 3
  w=\$(xdotool search --pid \$app | tail -n 1)
  xdotool mousemove 700 201 click 1; xdotool windowfocus --sync \$w; xdotool key End; xdotool type ' Jr'
  xdotool mousemove 700 440 click 1; xdotool windowfocus --sync \$w; xdotool key ctrl+End
  xdotool type --delay 20 ' Keep each answer short.'
  xdotool mousemove 74 251 click 1    # Compare with saved
  sleep 1
  xdotool mousemove 334 124 click 1   # Show all fields
  sleep 1
  xdotool mousemove 1390 890
  sleep 1
  import -window root -crop 1360x860+0+0 $out/compare.png
  kill \$app" >/dev/null 2>&1 || true
rm -rf "$home"
echo "wrote $out/compare.png"
