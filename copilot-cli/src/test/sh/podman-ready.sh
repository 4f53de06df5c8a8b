#!/usr/bin/env bash
# Makes podman usable for the container tests of `copilot run` and prints, as its last line, either
# "ready <containers.conf>" or "skip <reason>". Installs podman, runc and debootstrap with apt-get when
# missing (root only), writes a containers.conf for this kind of VM (runc, not crun: hybrid cgroups;
# ulimits within the hard limits; no network, so no firewall state is left) and imports a local
# docker.io/library/debian:bookworm-slim from a debootstrap minbase cached in ~/.cache/copilot/image.
# Why each setting: the comments below and docs/image.md ("Building").
set -uo pipefail
conf_dir="$1"
image=docker.io/library/debian:bookworm-slim
cache="$HOME/.cache/copilot/image"
base_tar="$cache/bookworm-minbase.tar"
skip() { echo "skip $*"; exit 0; }

[[ "$(id -u)" == 0 ]] || skip "podman needs root on this kind of machine (uid $(id -u))"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  command -v apt-get >/dev/null || skip "no podman and no apt-get to install it"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap; } \
    >"$conf_dir/apt.log" 2>&1 || skip "podman could not be installed with apt-get (see $conf_dir/apt.log)"
fi
cat >"$conf_dir/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=16384:16384"]
netns = "none"
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$conf_dir/containers.conf"
podman info >/dev/null 2>&1 || skip "podman does not run here: $(podman info 2>&1 | tail -n1)"
if ! podman image exists "$image"; then
  mkdir -p "$cache"
  if [[ ! -f "$base_tar" ]]; then
    rootfs="$conf_dir/rootfs"
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
      >"$conf_dir/debootstrap.log" 2>&1 || skip "debootstrap failed (see $conf_dir/debootstrap.log)"
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
      "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/locale
    tar --numeric-owner -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
    rm -rf "$rootfs"
  fi
  podman import --change 'CMD ["bash"]' "$base_tar" "$image" >/dev/null 2>"$conf_dir/import.log" \
    || skip "podman import failed: $(tail -n1 "$conf_dir/import.log")"
fi
echo "ready $conf_dir/containers.conf"
