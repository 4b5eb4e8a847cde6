#!/usr/bin/env bash
# Builds the Debian package (CPack) and installs it with dpkg into a clean root: an overlay
# of this machine's Debian system (its apt packages, so dependencies resolve offline)
# without the project's source and build trees and without /usr/local. There, from /, the
# `statecraft` command, its man page, bash completion, shipped scenarios and Debian's
# python3 importing the module must all work; then the package must remove cleanly.
# Needs root (mount, chroot); exits 77 (ctest: skipped) without it.
# Usage: deb_install_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$(cd "$1" && pwd) work=$2
if [ "$(id -u)" -ne 0 ]; then
  echo "deb_install_test: skipped: needs root to mount and chroot"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work/pkg" "$work/layers" "$work/root"
(cd "$build" && cpack -G DEB -B "$work/pkg" > "$work/cpack.log") || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/pkg/statecraft_*.deb)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -f "$deb" Depends | tee "$work/depends.txt"
grep -q "python3-pandas" "$work/depends.txt"
dpkg-deb -c "$deb" > "$work/contents.txt"
for f in ./usr/bin/statecraft ./usr/share/man/man1/statecraft.1 \
  ./usr/share/bash-completion/completions/statecraft \
  ./usr/lib/python3/dist-packages/statecraft/__init__.py \
  ./usr/share/statecraft/scenarios/korea_peninsula.yaml ./usr/share/doc/statecraft/cli.md \
  ./usr/share/doc/statecraft/korea.ipynb ./usr/lib/cmake/statecraft/statecraftConfig.cmake; do
  grep -q " $f" "$work/contents.txt" || { echo "missing from the package: $f"; exit 1; }
done

root="$work/root"
cleanup() {
  umount -R "$root" 2> /dev/null || true
  umount "$work/layers" 2> /dev/null || true
}
trap cleanup EXIT
mount -t tmpfs tmpfs "$work/layers"
mkdir -p "$work/layers/upper" "$work/layers/work"
mount -t overlay overlay \
  -o "lowerdir=/,upperdir=$work/layers/upper,workdir=$work/layers/work" "$root"
# Hide what a fresh machine would not have: the project, local installs.
for hidden in work usr/local root tmp; do
  mkdir -p "$root/$hidden"
  mount -t tmpfs tmpfs "$root/$hidden"
done
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  /bin/bash -euo pipefail -c '
    if dpkg -s statecraft > /dev/null 2>&1; then dpkg -r statecraft > /dev/null; fi
    dpkg -i /tmp/statecraft_*.deb
    cd /
    statecraft --version
    out=$(statecraft run --out "" -m compromise:mean)
    grep -q "sanctions_enforcement" <<< "$out"
    out=$(statecraft show)
    grep -q "Actors (8)" <<< "$out"
    statecraft validate /usr/share/statecraft/scenarios/*.yaml \
      /usr/share/statecraft/scenarios/outcomes/korea_2022_2024.yaml
    test -s /usr/share/man/man1/statecraft.1*
    out=$(bash -c ". /usr/share/bash-completion/completions/statecraft && complete -p statecraft")
    grep -q _statecraft <<< "$out"
    python3 -c "
import statecraft, pandas
r = statecraft.run(models=\"bdm\")
assert [x[\"model\"] for x in r[\"runs\"]] == [\"bdm\"], r[\"runs\"]
assert \"veto\" in statecraft.why(r)[(\"bdm:scholz\", \"un_sanctions_regime\")]
print(\"python:\", statecraft.__file__, len(statecraft.outcomes_frame(r)), \"rows\")
"
    dpkg -r statecraft > /dev/null
    hash -r
    if command -v statecraft > /dev/null; then echo "statecraft still installed"; exit 1; fi
    if [ -e /usr/lib/python3/dist-packages/statecraft ]; then echo "module left behind"; exit 1; fi
    if python3 -c "import statecraft" 2> /dev/null; then echo "module still there"; exit 1; fi
    echo "installed, used and removed in a clean root"
  '
