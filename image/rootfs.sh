#!/usr/bin/env bash
# Assembles the image's whole file system under $1 (the Dockerfile's build stage runs it): /opt/copilot
# (runtime, jars, AOT cache, launcher), /bin/flyte-copilot and /bin/copilot, the C libraries the runtime
# and the launcher load (found with ldd, so whatever distribution the build image is), a passwd entry
# for UID 65532 and a /tmp. Nothing else: no shell, no package manager.
set -euo pipefail
root="$1"
home="${COPILOT_HOME:-/opt/copilot}"

mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/home/nonroot" "$root$(dirname "$home")"
chmod 1777 "$root/tmp"
chown 65532:65532 "$root/home/nonroot"
cp -a "$home" "$root$home"
# the launcher itself at /bin/flyte-copilot (what the pod builder calls); /bin/copilot links to it
mv "$root$home/bin/flyte-copilot" "$root/bin/flyte-copilot"
rmdir "$root$home/bin"
ln -s flyte-copilot "$root/bin/copilot"

# Every shared library the runtime's programs and libraries need, with the dynamic loader, at the
# paths ldd reports; libgcc_s too, which glibc loads on demand (thread cancellation), not through a
# DT_NEEDED entry. An ld.so.cache for them, so the loader finds them wherever the distribution keeps them.
needed() {
  local f
  while IFS= read -r -d '' f; do
    ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' || true
  done < <(find "$home" -type f \( -name '*.so' -o -perm -u+x \) -print0)
  ldconfig -p | awk '$1 == "libgcc_s.so.1" { print $NF }'
}
needed | sort -u | while read -r lib; do
  [[ "$lib" == "$home"/* || ! -e "$lib" ]] && continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
  dirname "$lib" >>"$root/etc/ld.so.conf"
done
sort -u -o "$root/etc/ld.so.conf" "$root/etc/ld.so.conf"
ldconfig -r "$root"

cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nonroot:x:65532:
GROUP
echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
