#!/usr/bin/env bash
# Runs a script inside the provisioned sid root. Called by ensure_python inside
# `unshare --mount`, so these mounts disappear when the script exits.
set -euo pipefail
root=$1 repo=$2 script=$3
shift 3

mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mkdir -p "$root$repo"
mount --bind "$repo" "$root$repo"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  # The host's bundle may hold a local CA that pip and aiohttp need.
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi

passthrough=()
for name in CI TERM PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_DEFAULT_TIMEOUT HTTP_PROXY HTTPS_PROXY NO_PROXY \
  http_proxy https_proxy no_proxy $(compgen -v HA_OPENAPI_ || true); do
  [ -n "${!name:-}" ] && passthrough+=("$name=${!name}")
done

exec chroot "$root" /usr/bin/env -i \
  HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  PIP_CERT=/etc/ssl/certs/ca-certificates.crt PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
  SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  HA_OPENAPI_IN_ROOT=1 "${passthrough[@]}" \
  bash -c 'cd "$1" && shift && exec bash "$@"' _ "$repo" "$script" "$@"
