#!/usr/bin/env bash
# Checks a built Shopdock .deb the way a seller's machine would meet it: the package's fields,
# its files once unpacked (the binary, a valid desktop entry, every icon size), every shared
# library it needs resolvable, and the packaged binary starting and staying up under Xvfb.
#
#   packaging/check-deb.sh path/to/Shopdock_x.y.z_amd64.deb
set -euo pipefail

deb=${1:?usage: check-deb.sh FILE.deb}
bin_name=shopdock-app
up_secs=${SHOPDOCK_CHECK_UP_SECS:-6}

work=$(mktemp -d)
app_pid= xvfb_pid=
cleanup() {
	# The app runs in a process group of its own: its D-Bus session and WebKit helpers end too.
	[ -n "$app_pid" ] && kill -- "-$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package check FAILED: $*" >&2; exit 1; }

echo "== fields"
dpkg-deb -I "$deb" | tee "$work/info"
grep -q '^ Package: shopdock' "$work/info" || fail "the package is not named shopdock"
grep -q '^ Depends:.*libwebkit2gtk-4.1' "$work/info" || fail "Depends does not name WebKitGTK 4.1"
# The tray loads libayatana-appindicator at run time; slips and pick lists draw CJK and emoji
# with the system's Noto fonts.
for dep in libayatana-appindicator3-1 fonts-noto-cjk fonts-noto-color-emoji; do
	grep -q "^ Depends:.*$dep" "$work/info" || fail "Depends does not name $dep"
done

echo "== files"
root=$work/root
dpkg-deb -x "$deb" "$root"
binary=$root/usr/bin/$bin_name
[ -x "$binary" ] || fail "/usr/bin/$bin_name is missing or not executable"
desktop=$(find "$root/usr/share/applications" -name '*.desktop' | head -n1)
[ -n "$desktop" ] || fail "no desktop entry in /usr/share/applications"
desktop-file-validate "$desktop" || fail "$(basename "$desktop") does not validate"
grep -q "^Exec=$bin_name" "$desktop" || fail "the desktop entry does not start $bin_name"
for size in 32x32 128x128 256x256@2; do
	icon=$root/usr/share/icons/hicolor/$size/apps/$bin_name.png
	[ -s "$icon" ] || fail "icon $size missing ($icon)"
done
echo "binary, $(basename "$desktop") and icons present"

echo "== libraries"
if ldd "$binary" | grep 'not found'; then
	fail "shared libraries not found"
fi

echo "== starts under Xvfb"
# Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
display=$(head -n1 "$work/display")
[ -n "$display" ] || fail "Xvfb did not start"
for d in data cache config; do mkdir -p "$work/xdg-$d"; done
# NO_AT_BRIDGE: no accessibility bus daemon to outlive the check.
DISPLAY=:$display NO_AT_BRIDGE=1 \
	XDG_DATA_HOME=$work/xdg-data XDG_CACHE_HOME=$work/xdg-cache XDG_CONFIG_HOME=$work/xdg-config \
	SHOPDOCK_DATA_DIR=$work/shopdock-data HOME=$work \
	setsid dbus-run-session -- "$binary" >"$work/app.log" 2>&1 &
app_pid=$!
sleep "$up_secs"
if ! kill -0 "$app_pid" 2>/dev/null; then
	cat "$work/app.log" >&2
	fail "the packaged app exited within ${up_secs} s"
fi
[ -f "$work/shopdock-data/shopdock.sqlite3" ] || fail "the packaged app did not open its database"
echo "the packaged app is up after ${up_secs} s and opened its database"
echo "package check passed: $deb"
