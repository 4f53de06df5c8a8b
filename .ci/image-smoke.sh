#!/usr/bin/env bash
# CI step after `mvn -B verify`: builds the top-level Dockerfile with podman and runs the image as the
# pod builder would, inside Flyte's default limits: `download` and `sidecar` with the exact v2 arguments,
# --read-only --user 65532 --memory 128m --cpus 0.5, against an S3 server on 127.0.0.1 (bench's
# s3proxy, filesystem backend), and checks user, entrypoint, size, the AOT cache and the bytes and
# literals that come out. Skips with one line where podman cannot be installed or run.
#
# This machine has no registry, so the Dockerfile's build image (BUILD_IMAGE) is a stand-in made here:
# Debian bookworm (debootstrap, cached in ~/.cache/copilot/image) with gcc, this machine's Temurin 25 at
# /opt/java/openjdk and its Maven, like maven:3-eclipse-temurin-25. The build gets ~/.m2 and
# ~/.cache/copilot as overlay mounts (reads the host's caches, its writes are thrown away) and no
# network. The why of each setting: the comments below and docs/image.md.
#
# Environment: KEEP_IMAGE=1 keeps the built image (localhost/copilot:smoke) for inspection; REUSE_IMAGE=1
# runs the checks on that kept image without building it again.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
start=$SECONDS
skip() { echo "image smoke test skipped: $*"; exit 0; }
fail() { echo "image smoke test FAILED: $*" >&2; exit 1; }
step() { printf '[image %3ds] %s\n' "$((SECONDS - start))" "$*"; }

image=localhost/copilot:smoke
# a guard against growth: the image is 130.2 MB (docs/image.md, "Size"; the target of 120 MB is not met)
max_image_bytes=$((133 * 1000 * 1000))
jdk=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -n1 || true)
cache="$HOME/.cache/copilot/image"

[[ "$(id -u)" == 0 ]] || skip "podman builds need root here (uid $(id -u))"
[[ -n "$jdk" && -x "$jdk/bin/jlink" ]] || skip "no JDK 25 under /usr/lib/jvm for the stand-in build image"
[[ -f bench/target/classpath.txt && -f copilot-cli/target/copilot.jar ]] || fail "run mvn -B verify first"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v debootstrap >/dev/null; then
  step "installing podman, runc, debootstrap (apt)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap; } \
    >/tmp/copilot-image-apt.log 2>&1 || skip "podman could not be installed with apt-get (see /tmp/copilot-image-apt.log)"
fi

work=$(mktemp -d /tmp/copilot-image.XXXXXX)
s3_pid=""
cleanup() {
  [[ -n "$s3_pid" ]] && { exec 3>&-; wait "$s3_pid" 2>/dev/null || true; }
  podman rm -f copilot-smoke-sidecar >/dev/null 2>&1 || true
  [[ "${KEEP_IMAGE:-0}" == 1 ]] || podman rmi -f "$image" >/dev/null 2>&1 || true
  # only this Dockerfile's build-stage layers (labelled there), not other builds' on a shared store
  podman image prune -f --filter label=org.flyte.copilot.stage=build >/dev/null 2>&1 || true
  podman image prune -f --filter label=org.opencontainers.image.title=copilot >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# crun refuses this VM's hybrid cgroups; podman's default ulimits are above the VM's hard limits
cat >"$work/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=16384:16384"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$work/containers.conf"
podman info >/dev/null 2>&1 || skip "podman is installed but does not run here: $(podman info 2>&1 | tail -n1)"

# --- the image's launcher starts the JVM exactly as bin/copilot does ------------------------------
# Both started with a stand-in "java" that prints what it gets: same options, class path, main class,
# arguments and MALLOC_ARENA_MAX, with and without a usable AOT cache and extra options.
if command -v gcc >/dev/null; then
  fake="$work/launchers"
  mkdir -p "$fake/jre/bin" "$fake/lib"
  gcc -Os -Wall -Werror -o "$fake/flyte-copilot" image/launcher.c
  printf '#!/bin/sh\nprintf "%%s\\n" "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX" "$@"\n' >"$fake/jre/bin/java"
  chmod +x "$fake/jre/bin/java"
  printf 'JAVA_VERSION="25.0.3"\nJAVA_RUNTIME_VERSION="25.0.3+9-LTS"\n' >"$fake/jre/release"
  touch "$fake/lib/copilot.jar" "$fake/lib/copilot-boot.jar" "$fake/lib/copilot.aot"
  for trained_on in 25.0.3+9-LTS 24.0.1; do
    echo "$trained_on" >"$fake/lib/copilot.aot.jvm"
    for launcher in bin/copilot "$fake/flyte-copilot"; do
      env -u MALLOC_ARENA_MAX COPILOT_JAVA="$fake/jre" COPILOT_JAR="$fake/lib/copilot.jar" \
        COPILOT_JAVA_OPTS="-Da=1  -Db=2" "$launcher" sidecar --timeout '1h 0m' >"$fake/$(basename "$launcher").out"
    done
    diff "$fake/copilot.out" "$fake/flyte-copilot.out" >&2 \
      || fail "image/launcher.c and bin/copilot start the JVM differently (cache trained on $trained_on)"
  done
  step "image/launcher.c starts the JVM exactly as bin/copilot does ($(wc -l <"$fake/copilot.out") arguments compared)"
fi

# --- the stand-in for maven:3-eclipse-temurin-25 ------------------------------------------------
jdk_version=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$jdk/release")
standin="localhost/copilot-ci/maven-temurin:${jdk_version//+/_}"
if ! podman image exists "$standin"; then
  base_tar="$cache/bookworm-gcc.tar"
  rootfs="$work/standin"
  mkdir -p "$rootfs" "$cache"
  if [[ ! -f "$base_tar" ]]; then
    step "debootstrap bookworm (minbase + gcc) into $base_tar"
    mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
    debootstrap --variant=minbase --include=gcc,libc6-dev,binutils bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
      >"$work/debootstrap.log" 2>&1 || { tail -n 20 "$work/debootstrap.log"; fail "debootstrap"; }
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
      "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/locale
    tar --numeric-owner -C "$rootfs" -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  else
    tar --numeric-owner -C "$rootfs" -xf "$base_tar"
  fi
  step "stand-in build image $standin (bookworm + $jdk + this machine's Maven)"
  mkdir -p "$rootfs/opt/java" "$rootfs/usr/share/maven"
  cp -rL "$jdk" "$rootfs/opt/java/openjdk"   # -L: the Debian-packaged JDK links cacerts to /etc
  cp -rL /usr/share/maven/. "$rootfs/usr/share/maven/"
  ln -sf /usr/share/maven/bin/mvn "$rootfs/usr/bin/mvn"
  tar --numeric-owner -C "$rootfs" -c . | podman import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$standin" >/dev/null
  rm -rf "$rootfs"
fi

# --- build ---------------------------------------------------------------------------------------
step "podman build (no network; ~/.m2 and ~/.cache/copilot overlay-mounted)"
mkdir -p "$HOME/.m2" "$HOME/.cache/copilot"
build_start=$SECONDS
[[ "${REUSE_IMAGE:-0}" == 1 ]] && podman image exists "$image" && echo "(reusing $image)" || \
podman build --pull=never --network none --build-arg "BUILD_IMAGE=$standin" --build-arg MAVEN_FLAGS=-o \
  -v "$HOME/.m2:/root/.m2:O" -v "$HOME/.cache/copilot:/root/.cache/copilot:O" \
  -t "$image" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; fail "podman build"; }
build_s=$((SECONDS - build_start))

# --- the image's configuration -------------------------------------------------------------------
read -r user entrypoint size < <(podman image inspect --format '{{.Config.User}} {{json .Config.Entrypoint}} {{.Size}}' "$image")
[[ "$user" == 65532:65532 ]] || fail "image user is '$user', not 65532:65532"
[[ "$entrypoint" == '["/bin/flyte-copilot"]' ]] || fail "entrypoint is $entrypoint"
(( size <= max_image_bytes )) || fail "image is $size bytes, more than $max_image_bytes"
if podman run --rm --network none --entrypoint /bin/sh "$image" -c true >/dev/null 2>&1; then fail "the image has a shell"; fi
podman save -q --format oci-archive -o "$work/image.tar" "$image"
step "image $image: user $user, entrypoint $entrypoint, $size bytes ($(stat -c %s "$work/image.tar") as a compressed OCI archive), no shell, built in ${build_s}s"

# --- the pod: S3 server, inputs, config ----------------------------------------------------------
s3="$work/s3"
bucket=smoke
mkdir -p "$s3/$bucket/data/parts/a/b" "$s3/$bucket/meta/prims" "$s3/$bucket/meta/blobs" "$work/etc" "$work/in1" "$work/in2" "$work/out/parts/x"
helper_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
mkfifo "$work/s3.stdin"
java -cp "$helper_cp" org.flyte.copilot.bench.BenchS3Server "$s3" access secretsecret <"$work/s3.stdin" >"$work/s3.out" 2>&1 &
s3_pid=$!
exec 3>"$work/s3.stdin"
for _ in $(seq 1 300); do grep -q '^port ' "$work/s3.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^port //p' "$work/s3.out")
[[ -n "$port" ]] || fail "the S3 server did not start: $(cat "$work/s3.out")"

head -c $((9 << 20)) /dev/urandom >"$s3/$bucket/data/big.bin"
for i in $(seq 1 20); do echo "part $i" >"$s3/$bucket/data/parts/a/p$i"; done
echo "deep" >"$s3/$bucket/data/parts/a/b/deep.txt"
mapfile -t protos < <(java -cp "$helper_cp" org.flyte.copilot.bench.BenchProtos \
  inputs "$s3/$bucket/meta/prims/inputs.pb" primitives + \
  inputs "$s3/$bucket/meta/blobs/inputs.pb" big=single:s3://$bucket/data/big.bin parts=multipart:s3://$bucket/data/parts + \
  input-interface primitives + input-interface big=single parts=multipart + \
  output-interface primitives big=single parts=multipart + primitive-files "$work/out")
[[ ${#protos[@]} == 3 ]] || fail "BenchProtos printed ${#protos[@]} interfaces"
cp "$s3/$bucket/data/big.bin" "$work/out/big"
cp -r "$s3/$bucket/data/parts/." "$work/out/parts/"
cat >"$work/etc/copilot-storage-config.yaml" <<EOF
storage:
  type: stow
  container: $bucket
  stow:
    kind: s3
    config:
      auth_type: accesskey
      access_key_id: access
      secret_key: secretsecret
      region: us-east-1
      endpoint: http://127.0.0.1:$port
      disable_ssl: true
EOF
chmod 0444 "$work/etc/copilot-storage-config.yaml"   # as the projected Secret (defaultMode 0444)
chown 65532:65532 "$work/in1" "$work/in2"
chown -R 65532:65532 "$work/out"

# --read-only-tmpfs=false: no writable /tmp either, as with readOnlyRootFilesystem in a pod
limits=(--network host --read-only --read-only-tmpfs=false --user 65532 --memory 128m --memory-swap 128m --cpus 0.5)
storage=(--storage.limits.maxDownloadMBs=0 --logger.level=4 --storage.container=$bucket --storage.type=stow
  --config '/etc/flyte/copilot/*.yaml')
pod() { podman run --rm "${limits[@]}" -v "$work/etc:/etc/flyte/copilot:ro" "$@"; }
download() { # <local dir> <inputs.pb key> <input interface> [podman options...]
  local dir=$1 key=$2 iface=$3
  shift 3
  pod -v "$dir:/var/flyte/inputs" "$@" "$image" "${storage[@]}" download --from-remote "s3://$bucket/$key" \
    --to-output-prefix "s3://$bucket/meta/n0" --to-local-dir /var/flyte/inputs --format JSON --file-input-layout DIRECT \
    --input-interface "$iface"
}
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# --- checks inside the container -----------------------------------------------------------------
out=$(pod -e COPILOT_JAVA_OPTS="-XX:AOTMode=on -XshowSettings:vm" "$image" version 2>&1) \
  || fail "the AOT cache is not used in the image (-XX:AOTMode=on): $out"
grep -q 'Max. Heap Size: 51.00M' <<<"$out" || fail "heap not sized from the 128m limit: $out"
step "AOT cache used (-XX:AOTMode=on accepted), heap 51 MiB from the 128m limit: $(grep "^copilot " <<<"$out")"

# --- download -------------------------------------------------------------------------------------
times_aot=() times_plain=()
for round in 1 2 3; do
  for mode in aot plain; do
    rm -rf "$work/in1"/* "$work/in1"/.??* 2>/dev/null || true
    opts=()
    [[ $mode == plain ]] && opts=(-e COPILOT_AOT_CACHE=/no-cache)
    t=$(date +%s%N)
    log=$(download "$work/in1" meta/prims/inputs.pb "${protos[0]}" "${opts[@]}" 2>&1) || fail "download ($mode): $log"
    if [[ $mode == aot ]]; then times_aot+=("$(ms "$t")"); else times_plain+=("$(ms "$t")"); fi
  done
done
declare -A want=([i1]=42 [i2]=-7 [f1]=3.5 [f2]=0.1 [s1]=hello [s2]="flyte copilot" [b1]=true [b2]=false
  [dt]=2020-01-02T03:04:05Z [dur]=1h2m3s)
for name in "${!want[@]}"; do
  [[ "$(cat "$work/in1/$name")" == "${want[$name]}" ]] || fail "input $name is '$(cat "$work/in1/$name")', not '${want[$name]}'"
done
[[ -s "$work/in1/inputs.pb" ]] || fail "no inputs.pb"
grep -q '"s2":"flyte copilot"' "$work/in1/inputs.json" || fail "inputs.json: $(cat "$work/in1/inputs.json")"
[[ "$(stat -c %u "$work/in1/i1")" == 65532 ]] || fail "inputs not written by UID 65532"
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
step "download of 10 primitives inside 128m/0.5 CPU, podman run wall: with the AOT cache ${times_aot[*]} ms (median $(median "${times_aot[@]}")), without ${times_plain[*]} ms (median $(median "${times_plain[@]}"))"

log=$(download "$work/in2" meta/blobs/inputs.pb "${protos[1]}" 2>&1) || fail "download of blobs: $log"
cmp "$s3/$bucket/data/big.bin" "$work/in2/big" || fail "big differs"
diff -r "$s3/$bucket/data/parts" "$work/in2/parts" || fail "parts differ"
step "download of a 9 MiB blob and a 21-file multipart blob: bytes identical"

# --- sidecar --------------------------------------------------------------------------------------
podman run -d --name copilot-smoke-sidecar "${limits[@]}" -v "$work/etc:/etc/flyte/copilot:ro" \
  -v "$work/out:/var/flyte/outputs" "$image" "${storage[@]}" sidecar --timeout 1h0m0s \
  --to-raw-output s3://$bucket/raw/r1 --to-output-prefix s3://$bucket/meta/n1 --from-local-dir /var/flyte/outputs \
  --interface "${protos[2]}" >/dev/null
sleep 5
pid=$(podman inspect --format '{{.State.Pid}}' copilot-smoke-sidecar)
[[ "$(podman inspect --format '{{.State.Running}}' copilot-smoke-sidecar)" == true ]] \
  || fail "the sidecar is not waiting: $(podman logs copilot-smoke-sidecar 2>&1)"
rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
anon=$(awk '/^RssAnon/ { print int($2 / 1024) }' "/proc/$pid/status")
[[ "$(awk '/^Uid/ { print $2 }' "/proc/$pid/status")" == 65532 ]] || fail "the sidecar does not run as UID 65532"
t=$(date +%s%N)
podman stop -t 120 copilot-smoke-sidecar >/dev/null   # SIGTERM, as the kubelet sends it
stop_ms=$(ms "$t")
rc=$(podman inspect --format '{{.State.ExitCode}}' copilot-smoke-sidecar)
[[ "$rc" == 0 ]] || fail "sidecar exit $rc: $(podman logs copilot-smoke-sidecar 2>&1)"
podman rm copilot-smoke-sidecar >/dev/null
[[ -s "$s3/$bucket/meta/n1/outputs.pb" ]] || fail "no outputs.pb"
[[ ! -e "$s3/$bucket/meta/n1/error.pb" ]] || fail "the sidecar wrote error.pb"
dump=$(java -cp "$helper_cp" org.flyte.copilot.bench.BenchProtos dump "$s3/$bucket/meta/n1/outputs.pb")
for line in $'i1\tscalar\tscalar { primitive { integer: 42 } }' $'s2\tscalar\tscalar { primitive { string_value: "flyte copilot" } }' \
  $'b2\tscalar\tscalar { primitive { boolean: false } }' $'dur\tscalar\tscalar { primitive { duration { seconds: 3723 } } }' \
  "big"$'\t'blob$'\t'"s3://$bucket/raw/r1/big"$'\t'SINGLE "parts"$'\t'blob$'\t'"s3://$bucket/raw/r1/parts"$'\t'MULTIPART; do
  grep -qxF "$line" <<<"$dump" || fail "outputs.pb lacks '$line': $dump"
done
[[ $(wc -l <<<"$dump") == 12 ]] || fail "outputs.pb has not 12 literals: $dump"
cmp "$s3/$bucket/data/big.bin" "$s3/$bucket/raw/r1/big" || fail "uploaded big differs"
diff -r "$s3/$bucket/data/parts" "$s3/$bucket/raw/r1/parts" || fail "uploaded parts differ"
step "sidecar idle inside 128m/0.5 CPU: VmRSS $rss MiB (anonymous $anon MiB); SIGTERM -> outputs.pb + exit 0 in $stop_ms ms; 12 literals, bytes identical"
step "image smoke test passed in $((SECONDS - start)) s"
