# shellcheck shell=bash
# Sourced by scripts/setup, scripts/test and scripts/develop.
#
# Home Assistant 2026.3+ needs Python >= 3.14.2. A suitable python3 on PATH is used
# as it is. Otherwise (Debian 12 build machines, run as root) a Debian sid root with
# python3.14 is provisioned once with debootstrap into the git-ignored cache, and the
# calling script is re-run inside it with chroot, in a private mount namespace so
# that nothing stays mounted after it exits and parallel runs don't interfere.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${HA_OPENAPI_CACHE:-$REPO/.cache}
SID_ROOT=$CACHE/sid-root
# gcc/g++ build integration requirements HA installs at start; libturbojpeg0 is
# the native library behind the camera integration's PyTurboJPEG.
SID_PACKAGES=python3.14,python3.14-venv,python3.14-dev,gcc,g++,libc6-dev,ca-certificates,libturbojpeg0
DEBIAN_MIRROR=${HA_OPENAPI_DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*" >&2; }

python_is_new_enough() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 14, 2))' >/dev/null 2>&1
}

find_python() {
  local candidate path
  for candidate in python3.14 python3.15 python3 python; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if python_is_new_enough "$path"; then
      printf '%s\n' "$path"
      return 0
    fi
  done
  return 1
}

provision_sid_root() {
  # The stamp records the package list, so a changed list provisions a new root.
  [ "$(cat "$SID_ROOT/.ready" 2>/dev/null)" = "$SID_PACKAGES" ] && return 0
  [ "$(id -u)" = 0 ] || die "no Python >= 3.14.2 on PATH, and provisioning one needs root (debootstrap + chroot). Install Python 3.14.2+ or run as root on Debian."
  if ! command -v debootstrap >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "no Python >= 3.14.2 on PATH and no apt-get to install debootstrap. Install Python 3.14.2+."
    say "installing debootstrap"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  say "provisioning a Debian sid root with python3.14 in $SID_ROOT (about a minute)"
  local staging="$SID_ROOT.partial"
  rm -rf "$staging"
  mkdir -p "$CACHE"
  debootstrap --variant=minbase --include="$SID_PACKAGES" sid "$staging" "$DEBIAN_MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $CACHE/debootstrap.log"
  printf '%s\n' "$SID_PACKAGES" >"$staging/.ready"
  rm -rf "$SID_ROOT"
  mv "$staging" "$SID_ROOT"
}

# Usage: ensure_python "$0" "$@" at the top of a script. On return, $PYTHON is a
# Python >= 3.14.2; when none exists the script is re-executed inside the sid root.
ensure_python() {
  local script=$1
  shift
  if PYTHON=$(find_python); then
    export PYTHON
    return 0
  fi
  [ -z "${HA_OPENAPI_IN_ROOT:-}" ] || die "python3.14 is missing inside $SID_ROOT; delete it and run again"
  provision_sid_root
  script=$(cd "$(dirname "$script")" && pwd)/$(basename "$script")
  exec unshare --mount --propagation private -- \
    bash "$REPO/scripts/lib/enter-root.sh" "$SID_ROOT" "$REPO" "$script" "$@"
}

# A venv per purpose, recreated when the interpreter behind it changed.
ensure_venv() {
  local venv=$1
  if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.interpreter" 2>/dev/null)" != "$PYTHON" ]; then
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    printf '%s\n' "$PYTHON" >"$venv/.interpreter"
    "$venv/bin/python" -m pip install -q --upgrade pip
  fi
}

# Install a requirements file into a venv unless the same requirements were
# installed before (the stamp covers every file in its folder, for -r includes).
install_requirements() {
  local venv=$1 requirements=$2 stamp digest
  stamp="$venv/.requirements-$(basename "$requirements").sha256"
  digest=$(cat "$requirements" "$(dirname "$requirements")"/*.txt | sha256sum)
  if [ "$digest" != "$(cat "$stamp" 2>/dev/null)" ]; then
    say "installing $(basename "$requirements") into $(basename "$venv")"
    "$venv/bin/python" -m pip install -q -r "$requirements"
    printf '%s\n' "$digest" >"$stamp"
  fi
}
