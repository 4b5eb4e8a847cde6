#!/usr/bin/env bash
# Installs the Debian packages statecraft needs, but only those missing, so a second
# run costs one dpkg query. Runs as root (or through sudo when it is there). Extra package
# names as arguments are installed too (`make test-clang` passes clang).
set -euo pipefail

packages=(
  g++ make cmake ninja-build pkg-config clang-format
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev
  libpcg-cpp-dev libtbb-dev libgtest-dev libgmock-dev librapidcheck-dev
  libbenchmark-dev libsqlite3-dev libgmp-dev libopenmpi-dev openmpi-bin libcpp-httplib-dev chromium
  python3-dev pybind11-dev python3-pytest
  python3-pandas python3-matplotlib jupyter-nbconvert python3-nbformat python3-ipykernel dpkg-dev
  libgoogle-perftools-dev  # tcmalloc_minimal, the command's allocator
  file  # CPack's Debian generator inspects the binaries with it (make package, deb_install test)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "statecraft: installing missing packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "statecraft: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
