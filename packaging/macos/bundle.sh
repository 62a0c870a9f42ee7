#!/usr/bin/env bash
# macOS only (the release workflow runs it on a hosted runner; it cannot run on Linux): joins the
# aarch64 and x86_64 `dist` builds into one universal binary, wraps it in anam-studio.app
# (Info.plist, bundle id ai.anam.studio, the icon as .icns) and puts the app in a .dmg.
#   cargo build --locked --profile dist --target aarch64-apple-darwin
#   cargo build --locked --profile dist --target x86_64-apple-darwin
#   packaging/macos/bundle.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
out=target/dist/macos
app=$out/anam-studio.app
rm -rf "$out" && mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"

lipo -create -output "$app/Contents/MacOS/anam-studio" \
  target/aarch64-apple-darwin/dist/anam-studio target/x86_64-apple-darwin/dist/anam-studio
sed "s/@VERSION@/$version/g" packaging/macos/Info.plist >"$app/Contents/Info.plist"

# The icon: every size iconutil expects, from the 256×256 source (sips scales; 512 and 1024
# are left out rather than upscaled).
iconset=$out/anam-studio.iconset
mkdir -p "$iconset"
for size in 16 32 128 256; do
  sips -z $size $size assets/icon.png --out "$iconset/icon_${size}x${size}.png" >/dev/null
done
for size in 16 32 128; do
  double=$((size * 2))
  sips -z $double $double assets/icon.png --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns -o "$app/Contents/Resources/anam-studio.icns" "$iconset"

# Unsigned: see docs/packaging.md ("What signing would need").
hdiutil create -volname "anam-studio" -srcfolder "$app" -ov -format UDZO \
  "target/dist/anam-studio-$version-macos-universal.dmg"
echo "wrote target/dist/anam-studio-$version-macos-universal.dmg"
