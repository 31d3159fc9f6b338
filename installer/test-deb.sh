#!/usr/bin/env bash
# Installs the .deb with dpkg into a fresh directory tree (not the system) and runs its launchers
# with a PATH that has no Java and no Maven: the bundled runtime must be enough.
# usage: installer/test-deb.sh   (after installer/jpackage.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
deb=$(ls "$here"/target/deb/*.deb)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/var/lib/dpkg/info" "$tree/var/lib/dpkg/updates" "$tree/bin" "$tree/home"
touch "$tree/var/lib/dpkg/status"
# The package's maintainer scripts are empty stubs, so running them outside the chroot is harmless;
# the shared libraries it depends on are the host's, which a fresh admin dir does not know about.
# (--force-depends: its "dependency problems" warnings list the host libraries; shown only on failure.)
dpkg --root="$tree" --admindir="$tree/var/lib/dpkg" --force-script-chrootless --force-depends \
  --force-not-root -i "$deb" >"$tree/dpkg.log" 2>&1 || { cat "$tree/dpkg.log" >&2; exit 1; }
launcher_dir=$tree/opt/moe-workbench/bin
[[ -x $launcher_dir/moe-workbench && -x $launcher_dir/moe ]] || { echo "launchers missing in $launcher_dir" >&2; exit 1; }

# A PATH with only a shell's basics: no java, no mvn.
for tool in sh env mktemp rm ls; do ln -s "$(command -v $tool)" "$tree/bin/$tool"; done
if env -i PATH="$tree/bin" sh -c 'command -v java || command -v mvn' >/dev/null; then
  echo "the test PATH still has java or mvn" >&2; exit 1
fi
run() { env -i PATH="$tree/bin" HOME="$tree/home" "$@"; }
run "$launcher_dir/moe" --version
run "$launcher_dir/moe-workbench" --smoke-test
echo "deb installed into $tree and its launchers ran without a JDK or Maven on the PATH"
