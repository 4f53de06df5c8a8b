#!/usr/bin/env python3
"""Benchmark of copilot against rclone on a local S3 server (issues 8 and 9).

Starts s3proxy (filesystem backend) on 127.0.0.1, generates the data, then for download and
upload of 1 x big file and of N x small files runs copilot (the pod builder's arguments) and
Debian's rclone (--transfers 16) alternately on the same server, verifies the bytes after every
run, and prints median wall time, CPU seconds and peak RSS of each tool with the ratio
copilot/rclone; then the start-up and footprint figures of issue 9. Everything twice: unrestricted
and with the measured tool inside a cgroup v1 of 128 MiB / 500m CPU (the S3 server and this
driver stay outside it).

Exit status: 1 when copilot crashed or produced wrong bytes (or the bench itself broke), else 0;
missed speed/footprint targets are printed as FAIL but do not change the exit status unless
--strict is given.

See bench/README.md.
"""
import argparse
import hashlib
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
ACCESS_KEY = "access"
SECRET_KEY = "secretsecret"
BUCKET = "bench"
MIB = 1 << 20
CLK_TCK = os.sysconf("SC_CLK_TCK")

PRIMITIVE_FILES = {  # what BenchProtos.primitives() holds, as the input files copilot writes
    "i1": "42", "i2": "-7", "f1": "3.5", "f2": "0.1", "s1": "hello", "s2": "flyte copilot",
    "b1": "true", "b2": "false", "dt": "2020-01-02T03:04:05Z", "dur": "1h2m3s"}


class BenchError(Exception):
    """Copilot crashed or produced wrong bytes (or the bench could not run): fails the run."""


def log(msg):
    print(msg, flush=True)


def parse_size(text):
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    t = text.strip().lower().removesuffix("ib").removesuffix("b")
    if t and t[-1] in units:
        return int(float(t[:-1]) * units[t[-1]])
    return int(t)


def human(n):
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} B"


# ---------------------------------------------------------------------------------------------
# processes: rusage, process tree, cgroup


def tree_pids(root):
    """root and all its descendants (from /proc), root first."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def tree_cpu_seconds(root):
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            pass
    return total / CLK_TCK


def tree_rss_bytes(root):
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
    return total


class Cgroup:
    """A cgroup v1 pair (memory + cpu) of this machine, one per measured run (fresh counters)."""
    MEM_ROOT = "/sys/fs/cgroup/memory"
    CPU_ROOT = "/sys/fs/cgroup/cpu"
    _seq = 0

    def __init__(self, mem_mib, millicpu):
        Cgroup._seq += 1
        name = f"copilot-bench-{os.getpid()}-{Cgroup._seq}"
        self.mem = os.path.join(self.MEM_ROOT, name)
        self.cpu = os.path.join(self.CPU_ROOT, name)
        os.mkdir(self.mem)
        try:
            os.mkdir(self.cpu)
            self._write(self.mem, "memory.limit_in_bytes", mem_mib * MIB)
            self._write(self.cpu, "cpu.cfs_period_us", 100000)
            self._write(self.cpu, "cpu.cfs_quota_us", millicpu * 100)
        except OSError:
            self.close()
            raise

    @staticmethod
    def _write(directory, name, value):
        with open(os.path.join(directory, name), "w") as f:
            f.write(str(value))

    @classmethod
    def probe(cls, mem_mib, millicpu):
        """None when a limited cgroup can be made here, else the reason it cannot."""
        if os.geteuid() != 0:
            return "not root"
        if not (os.path.isfile(os.path.join(cls.MEM_ROOT, "memory.limit_in_bytes"))
                and os.path.isfile(os.path.join(cls.CPU_ROOT, "cpu.cfs_quota_us"))):
            return f"no cgroup v1 memory and cpu controllers under {cls.MEM_ROOT} and {cls.CPU_ROOT}"
        try:
            cls(mem_mib, millicpu).close()
        except OSError as e:
            return f"cannot create a cgroup: {e}"
        return None

    def join(self):
        """Moves the calling process (the child, before exec) into both groups."""
        for d in (self.mem, self.cpu):
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))

    def oom_kills(self):
        try:
            with open(os.path.join(self.mem, "memory.oom_control")) as f:
                for line in f:
                    if line.startswith("oom_kill "):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def close(self):
        for d in (self.mem, self.cpu):
            for _ in range(50):
                try:
                    os.rmdir(d)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.05)


class Run:
    """One finished process: wall (s), cpu (user+sys s of it and its reaped children), peak RSS."""

    def __init__(self, rc, wall, cpu, maxrss, oom, output):
        self.rc, self.wall, self.cpu, self.maxrss, self.oom, self.output = rc, wall, cpu, maxrss, oom, output
        self.extra = {}

    def describe(self):
        return f"exit {self.rc}" + (f", {self.oom} OOM kill(s)" if self.oom else "")


class Proc:
    """A process started in (optionally) a fresh cgroup; finish() reaps it with wait4's rusage."""

    def __init__(self, cmd, env, limits=None, cwd=None):
        self.cgroup = Cgroup(*limits) if limits else None
        self.out = tempfile.TemporaryFile()
        self.t0 = time.monotonic()
        self.popen = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=self.out,
                                      stderr=subprocess.STDOUT,
                                      preexec_fn=self.cgroup.join if self.cgroup else None)
        self.pid = self.popen.pid

    def alive(self):
        """Running (not yet a zombie); the driver reaps only in finish()."""
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    def signal(self, sig):
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass

    def finish(self, timeout):
        timer = threading.Timer(timeout, lambda: self.signal(signal.SIGKILL))
        timer.start()
        try:
            _, status, ru = os.wait4(self.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - self.t0
        # as a shell reports it: 143 = killed by SIGTERM, 137 = SIGKILL (OOM)
        code = os.waitstatus_to_exitcode(status)
        self.popen.returncode = code if code >= 0 else 128 - code
        oom = 0
        if self.cgroup:
            oom = self.cgroup.oom_kills()
            self.cgroup.close()
        self.out.seek(0)
        output = self.out.read().decode("utf-8", "replace")
        self.out.close()
        return Run(self.popen.returncode, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024, oom, output)


def run(cmd, env, limits=None, timeout=600, cwd=None):
    return Proc(cmd, env, limits, cwd).finish(timeout)


def wait_settled(proc, min_s, max_s):
    """Waits until proc has run min_s and used no CPU for 0.5 s (at most max_s). False if it ended."""
    last, quiet_since = None, time.monotonic()
    while True:
        time.sleep(0.1)
        if not proc.alive():
            return False
        cpu = tree_cpu_seconds(proc.pid)
        now = time.monotonic()
        if cpu != last:
            last, quiet_since = cpu, now
        elif now - proc.t0 >= min_s and now - quiet_since >= 0.5:
            return True
        if now - proc.t0 >= max_s:
            return True


# ---------------------------------------------------------------------------------------------
# data and verification


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(4 * MIB):
            h.update(chunk)
    return h.hexdigest()


def write_random(path, size):
    h = hashlib.sha256()
    with open(path, "wb") as f:
        left = size
        while left:
            chunk = os.urandom(min(left, 8 * MIB))
            h.update(chunk)
            f.write(chunk)
            left -= len(chunk)
    return h.hexdigest()


def verify_file(path, size, digest, what):
    if not os.path.isfile(path):
        raise BenchError(f"{what}: {path} is missing")
    actual = os.path.getsize(path)
    if actual != size:
        raise BenchError(f"{what}: {path} has {actual} bytes, expected {size}")
    if sha256_file(path) != digest:
        raise BenchError(f"{what}: {path} has the right size but wrong bytes (sha256 differs)")


def verify_tree(directory, expected, what):
    """expected: {relative path: (size, sha256)}; the directory must hold exactly those files."""
    if not os.path.isdir(directory):
        raise BenchError(f"{what}: directory {directory} is missing")
    found = set()
    for root, _, files in os.walk(directory):
        for name in files:
            found.add(os.path.relpath(os.path.join(root, name), directory))
    if found != set(expected):
        missing, extra = sorted(set(expected) - found), sorted(found - set(expected))
        raise BenchError(f"{what}: {directory} holds {len(found)} files, expected {len(expected)}"
                         f" (missing {missing[:3]}, unexpected {extra[:3]})")
    for rel, (size, digest) in expected.items():
        verify_file(os.path.join(directory, rel), size, digest, what)


# ---------------------------------------------------------------------------------------------
# the bench


def write_storage_yaml(cfg_dir, yaml):
    """Writes a copilot config directory holding storage.yaml; returns the directory."""
    os.makedirs(cfg_dir, exist_ok=True)
    with open(os.path.join(cfg_dir, "storage.yaml"), "w") as f:
        f.write(yaml)
    return cfg_dir


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = args.workdir or tempfile.mkdtemp(prefix="copilot-bench-")
        os.makedirs(self.work, exist_ok=True)
        self.store = os.path.join(self.work, "s3")  # the S3 server's filesystem backend
        self.local_store = os.path.join(self.work, "local-store")
        self.data = os.path.join(self.work, "data")
        self.server = None
        self.port = None
        self.seq = 0
        self.failures = []  # copilot crashed / wrong bytes
        self.copilot = shlex.split(args.copilot) if args.copilot else [os.path.join(REPO, "bin", "copilot")]
        self.helper_cp = None
        self.helper_proc = None

    # -- set-up --------------------------------------------------------------------------------

    def check_build(self):
        cp_file = os.path.join(BENCH_DIR, "target", "classpath.txt")
        classes = os.path.join(BENCH_DIR, "target", "classes")
        if not (os.path.isfile(cp_file) and os.path.isdir(classes)):
            raise BenchError("bench helpers not built: run `mvn -B -q -DskipTests package` in the repository first")
        with open(cp_file) as f:
            self.helper_cp = classes + os.pathsep + f.read().strip()
        if not self.args.copilot and not os.path.isfile(os.path.join(REPO, "copilot-cli", "target", "copilot.jar")) \
                and not os.environ.get("COPILOT_JAR"):
            raise BenchError("copilot.jar not built: run `mvn -B -q -DskipTests package` first")

    def java(self):
        return os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"

    def helper(self, *args):
        """Runs BenchProtos commands in one long-lived JVM (saves a JVM start per outputs.pb read)."""
        if self.helper_proc is None:
            self.helper_proc = subprocess.Popen(
                [self.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", self.helper_cp,
                 "org.flyte.copilot.bench.BenchProtos", "serve"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.helper_proc.stdin.write("\t".join(args) + "\n")
        self.helper_proc.stdin.flush()
        lines = []
        while True:
            line = self.helper_proc.stdout.readline()
            if not line:
                raise BenchError(f"BenchProtos helper died during {' '.join(args[:2])}")
            if line == ".\n":
                return "".join(lines)
            if line.startswith("!"):
                raise BenchError(f"BenchProtos {' '.join(args[:2])} failed: {line[1:].strip()}")
            lines.append(line)

    def start_server(self):
        os.makedirs(os.path.join(self.store, BUCKET), exist_ok=True)
        self.server = subprocess.Popen(
            [self.java(), "-cp", self.helper_cp, "org.flyte.copilot.bench.BenchS3Server", self.store, ACCESS_KEY, SECRET_KEY],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(os.path.join(self.work, "s3proxy.log"), "w"),
            text=True)
        line = self.server.stdout.readline()  # blocks until the server serves (or dies)
        if not line.startswith("port "):
            raise BenchError(f"S3 server did not start (see {self.work}/s3proxy.log)")
        self.port = int(line.split()[1])
        log(f"S3 server: s3proxy (filesystem backend {self.store}) on http://127.0.0.1:{self.port}, pid {self.server.pid}")

    def stop_server(self):
        if self.helper_proc and self.helper_proc.poll() is None:
            self.helper_proc.stdin.close()
            self.helper_proc.wait(10)
        if self.server and self.server.poll() is None:
            self.server.stdin.close()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def storage_config(self):
        cfg_dir = write_storage_yaml(os.path.join(self.work, "etc-flyte-copilot"), f"""storage:
  type: stow
  container: {BUCKET}
  stow:
    kind: s3
    config:
      auth_type: accesskey
      access_key_id: {ACCESS_KEY}
      secret_key: {SECRET_KEY}
      region: us-east-1
      endpoint: http://127.0.0.1:{self.port}
      disable_ssl: true
""")
        os.makedirs(os.path.join(self.local_store, BUCKET), exist_ok=True)
        local_dir = write_storage_yaml(os.path.join(self.work, "etc-flyte-copilot-local"), f"""storage:
  type: local
  container: {BUCKET}
  stow:
    kind: local
    config:
      path: {self.local_store}
""")
        # the pod builder's storage flags (Flyte 2), before the sub-command
        self.s3_flags = ["--storage.limits.maxDownloadMBs=0", "--logger.level=4", f"--storage.container={BUCKET}",
                         "--storage.type=stow", "--config", cfg_dir + "/*.yaml"]
        self.local_flags = ["--storage.limits.maxDownloadMBs=0", "--logger.level=4", f"--storage.container={BUCKET}",
                            "--storage.type=local", "--config", local_dir + "/*.yaml"]

    def generate_data(self):
        a = self.args
        t = time.monotonic()
        os.makedirs(os.path.join(self.data, "small"), exist_ok=True)
        big = os.path.join(self.data, "big.bin")
        self.big = (a.big_size, write_random(big, a.big_size))
        self.small = {}
        for i in range(a.small_count):
            name = f"f{i:05d}.bin"
            self.small[name] = (a.small_size, write_random(os.path.join(self.data, "small", name), a.small_size))
        # served by the S3 server without a copy: data/ hard-linked into the bucket
        served = os.path.join(self.store, BUCKET, "data")
        shutil.copytree(self.data, served, copy_function=os.link)
        # inputs.pb of each download shape and the interfaces
        meta = os.path.join(self.store, BUCKET, "meta")
        for d in ("big", "small", "prims"):
            os.makedirs(os.path.join(meta, d), exist_ok=True)
        os.makedirs(os.path.join(self.local_store, BUCKET, "meta", "prims"), exist_ok=True)
        out = self.helper(
            "inputs", f"{meta}/big/inputs.pb", f"big=single:s3://{BUCKET}/data/big.bin", "+",
            "inputs", f"{meta}/small/inputs.pb", f"parts=multipart:s3://{BUCKET}/data/small", "+",
            "inputs", f"{meta}/prims/inputs.pb", "primitives", "+",
            "inputs", f"{self.local_store}/{BUCKET}/meta/prims/inputs.pb", "primitives", "+",
            "input-interface", "big=single", "+",
            "input-interface", "parts=multipart", "+",
            "input-interface", "primitives", "+",
            "output-interface", "big=single", "+",
            "output-interface", "parts=multipart", "+",
            "output-interface", "primitives").split()
        (self.in_if_big, self.in_if_small, self.in_if_prims,
         self.out_if_big, self.out_if_small, self.out_if_prims) = out
        log(f"data: 1 x {human(a.big_size)} and {a.small_count} x {human(a.small_size)} in {self.data}"
            f" ({time.monotonic() - t:.1f} s)")

    def rclone_env(self):
        env = {k: v for k, v in os.environ.items() if k != "AWS_CA_BUNDLE"}
        env.update({
            "RCLONE_CONFIG": "/dev/null",
            "RCLONE_CONFIG_BENCHS3_TYPE": "s3", "RCLONE_CONFIG_BENCHS3_PROVIDER": "Other",
            "RCLONE_CONFIG_BENCHS3_ENDPOINT": f"http://127.0.0.1:{self.port}",
            "RCLONE_CONFIG_BENCHS3_ACCESS_KEY_ID": ACCESS_KEY,
            "RCLONE_CONFIG_BENCHS3_SECRET_ACCESS_KEY": SECRET_KEY,
            "RCLONE_CONFIG_BENCHS3_FORCE_PATH_STYLE": "true", "RCLONE_CONFIG_BENCHS3_REGION": "us-east-1"})
        return env

    def fresh(self, what):
        self.seq += 1
        return f"{what}-{self.seq}"

    def scratch(self, name):
        path = os.path.join(self.work, "runs", name)
        os.makedirs(path)
        return path

    def crash(self, what, r):
        raise BenchError(f"{what}: {r.describe()}\n    " + r.output.strip().replace("\n", "\n    ")[-3000:])

    # -- the transfer shapes -------------------------------------------------------------------

    def copilot_download(self, shape, limits):
        run_id = self.fresh("dl-copilot")
        into = os.path.join(self.work, "runs", run_id)
        inputs, iface = (("big", self.in_if_big) if shape == "big" else ("small", self.in_if_small))
        cmd = self.copilot + self.s3_flags + [
            "download", "--from-remote", f"s3://{BUCKET}/meta/{inputs}/inputs.pb",
            "--to-output-prefix", f"s3://{BUCKET}/meta/{inputs}/{run_id}", "--to-local-dir", into,
            "--format", "JSON", "--file-input-layout", "DIRECT", "--input-interface", iface]
        r = run(cmd, os.environ.copy(), limits, self.args.run_timeout)
        what = f"copilot download {shape}"
        if r.rc != 0 or r.oom:
            self.crash(what, r)
        if shape == "big":
            verify_file(os.path.join(into, "big"), *self.big, what)
        else:
            verify_tree(os.path.join(into, "parts"), self.small, what)
        shutil.rmtree(into)
        return r

    def rclone_download(self, shape, limits):
        into = os.path.join(self.work, "runs", self.fresh("dl-rclone"))
        src = f"benchs3:{BUCKET}/data/" + ("big.bin" if shape == "big" else "small")
        r = run(["rclone", "copy", "--transfers", "16", src, into], self.rclone_env(), limits, self.args.run_timeout)
        what = f"rclone download {shape}"
        if r.rc != 0 or r.oom:
            raise RcloneError(f"{what}: {r.describe()}: {r.output.strip()[-500:]}")
        try:
            if shape == "big":
                verify_file(os.path.join(into, "big.bin"), *self.big, what)
            else:
                verify_tree(into, self.small, what)
        except BenchError as e:
            raise RcloneError(str(e))
        shutil.rmtree(into)
        return r

    def copilot_upload(self, shape, limits):
        run_id = self.fresh("up-copilot")
        out = self.scratch(run_id)
        if shape == "big":
            os.link(os.path.join(self.data, "big.bin"), os.path.join(out, "big"))
            iface = self.out_if_big
        else:
            shutil.copytree(os.path.join(self.data, "small"), os.path.join(out, "parts"), copy_function=os.link)
            iface = self.out_if_small
        raw, prefix = f"s3://{BUCKET}/raw/{run_id}", f"s3://{BUCKET}/meta/{run_id}"
        cmd = self.copilot + self.s3_flags + [
            "sidecar", "--timeout", "1h0m0s", "--to-raw-output", raw, "--to-output-prefix", prefix,
            "--from-local-dir", out, "--interface", iface]
        what = f"copilot sidecar {shape}"
        p = Proc(cmd, os.environ.copy(), limits)
        if not wait_settled(p, 2.0, 120):
            self.crash(what + " (ended before SIGTERM)", p.finish(10))
        cpu_before = tree_cpu_seconds(p.pid)
        t_sig = time.monotonic()
        p.signal(signal.SIGTERM)
        r = p.finish(self.args.run_timeout)
        # the transfer starts at SIGTERM: time and CPU from there (peak RSS is the whole life's)
        r.wall = time.monotonic() - t_sig if r.rc == 0 else r.wall
        r.cpu -= cpu_before
        if r.rc != 0 or r.oom:
            self.crash(what, r)
        outputs = self.read_outputs(f"meta/{run_id}/outputs.pb", what)
        name = "big" if shape == "big" else "parts"
        if name not in outputs or outputs[name][0] != "blob":
            raise BenchError(f"{what}: outputs.pb has no blob '{name}': {outputs}")
        uri = outputs[name][1]
        if not uri.startswith(f"s3://{BUCKET}/"):
            raise BenchError(f"{what}: blob URI {uri} is not in bucket {BUCKET}")
        stored = os.path.join(self.store, BUCKET, uri[len(f"s3://{BUCKET}/"):])
        if shape == "big":
            verify_file(stored, *self.big, what)
        else:
            verify_tree(stored, self.small, what)
        shutil.rmtree(out)
        shutil.rmtree(os.path.join(self.store, BUCKET, "raw", run_id), ignore_errors=True)
        return r

    def rclone_upload(self, shape, limits):
        run_id = self.fresh("up-rclone")
        if shape == "big":
            args = ["copyto", os.path.join(self.data, "big.bin"), f"benchs3:{BUCKET}/{run_id}/big.bin"]
        else:
            args = ["copy", os.path.join(self.data, "small"), f"benchs3:{BUCKET}/{run_id}/small"]
        r = run(["rclone", "--transfers", "16"] + args, self.rclone_env(), limits, self.args.run_timeout)
        what = f"rclone upload {shape}"
        if r.rc != 0 or r.oom:
            raise RcloneError(f"{what}: {r.describe()}: {r.output.strip()[-500:]}")
        try:
            if shape == "big":
                verify_file(os.path.join(self.store, BUCKET, run_id, "big.bin"), *self.big, what)
            else:
                verify_tree(os.path.join(self.store, BUCKET, run_id, "small"), self.small, what)
        except BenchError as e:
            raise RcloneError(str(e))
        shutil.rmtree(os.path.join(self.store, BUCKET, run_id))
        return r

    def read_outputs(self, key, what):
        path = os.path.join(self.store, BUCKET, key)
        if not os.path.isfile(path):
            raise BenchError(f"{what}: no outputs.pb at s3://{BUCKET}/{key}")
        literals = {}
        for line in self.helper("dump", path).splitlines():
            name, kind, value = line.split("\t")[:3]
            literals[name] = (kind, value)
        return literals

    # -- footprint (issue 9) -------------------------------------------------------------------

    def download_primitives(self, store, limits):
        run_id = self.fresh("prims")
        into = os.path.join(self.work, "runs", run_id)
        flags, scheme = (self.s3_flags, "s3") if store == "s3" else (self.local_flags, "file")
        cmd = self.copilot + flags + [
            "download", "--from-remote", f"{scheme}://{BUCKET}/meta/prims/inputs.pb",
            "--to-output-prefix", f"{scheme}://{BUCKET}/meta/prims/{run_id}", "--to-local-dir", into,
            "--format", "JSON", "--file-input-layout", "DIRECT", "--input-interface", self.in_if_prims]
        r = run(cmd, os.environ.copy(), limits, self.args.run_timeout)
        what = f"copilot download of 10 primitives ({store})"
        if r.rc != 0 or r.oom:
            self.crash(what, r)
        for name, text in PRIMITIVE_FILES.items():
            path = os.path.join(into, name)
            actual = open(path).read().strip() if os.path.isfile(path) else None
            if actual != text and not (name == "dt" and actual and actual.startswith("2020-01-02T03:04:05")):
                raise BenchError(f"{what}: input file {name} holds {actual!r}, expected {text!r}")
        shutil.rmtree(into)
        return r

    def help(self, limits):
        r = run(self.copilot + ["--help"], os.environ.copy(), limits, self.args.run_timeout)
        if r.rc != 0 or "sidecar" not in r.output:
            self.crash("copilot --help", r)
        return r

    def sidecar_primitives(self, limits, sigterm_after=None):
        """Sidecar with 10 primitive outputs written. sigterm_after None: wait until settled, read the
        idle RSS, then SIGTERM; else SIGTERM that many seconds after the process started."""
        run_id = self.fresh("side-prims")
        out = self.scratch(run_id)
        self.helper_files_cache(out)
        prefix = f"s3://{BUCKET}/meta/{run_id}"
        cmd = self.copilot + self.s3_flags + [
            "sidecar", "--timeout", "1h0m0s", "--to-raw-output", f"s3://{BUCKET}/raw/{run_id}",
            "--to-output-prefix", prefix, "--from-local-dir", out, "--interface", self.out_if_prims]
        p = Proc(cmd, os.environ.copy(), limits)
        idle_rss = None
        if sigterm_after is None:
            if not wait_settled(p, 2.0, 60):
                self.crash("copilot sidecar (10 primitives) ended before SIGTERM", p.finish(10))
            time.sleep(2.0)
            idle_rss = tree_rss_bytes(p.pid)
        else:
            time.sleep(max(0.0, p.t0 + sigterm_after - time.monotonic()))
        t_sig = time.monotonic()
        p.signal(signal.SIGTERM)
        r = p.finish(self.args.run_timeout)
        r.extra["sigterm_to_exit"] = time.monotonic() - t_sig
        r.extra["idle_rss"] = idle_rss
        outputs_pb = os.path.join(self.store, BUCKET, "meta", run_id, "outputs.pb")
        r.extra["outputs_ok"] = False
        if r.rc == 0 and os.path.isfile(outputs_pb):
            literals = self.read_outputs(f"meta/{run_id}/outputs.pb", "sidecar")
            r.extra["outputs_ok"] = sorted(literals) == sorted(PRIMITIVE_FILES)
        shutil.rmtree(out)
        if sigterm_after is None and (r.rc != 0 or not r.extra["outputs_ok"] or r.oom):
            self.crash("copilot sidecar (10 primitives) after SIGTERM", r)
        return r

    def helper_files_cache(self, out):
        for name, text in PRIMITIVE_FILES.items():
            with open(os.path.join(out, name), "w") as f:
                f.write(text)

    # -- driving -------------------------------------------------------------------------------

    def transfers(self, limits, rclone_ok):
        a = self.args
        shapes = [("download", "big", f"download 1 x {human(a.big_size)}", self.copilot_download, self.rclone_download),
                  ("download", "small", f"download {a.small_count} x {human(a.small_size)}",
                   self.copilot_download, self.rclone_download),
                  ("upload", "big", f"upload 1 x {human(a.big_size)}", self.copilot_upload, self.rclone_upload),
                  ("upload", "small", f"upload {a.small_count} x {human(a.small_size)}",
                   self.copilot_upload, self.rclone_upload)]
        wanted = set(a.shapes.split(","))
        shapes = [s for s in shapes if f"{s[0]}-{s[1]}" in wanted]
        rows = []
        for _, shape, label, cop, rcl in shapes:
            cop_runs, rcl_runs, rclone_error = [], [], None
            for rep in range(a.reps):
                order = [("copilot", cop), ("rclone", rcl)]
                if rep % 2:
                    order.reverse()
                for tool, fn in order:
                    if tool == "rclone" and (not rclone_ok or rclone_error):
                        continue
                    try:
                        r = fn(shape, limits)
                    except RcloneError as e:
                        rclone_error = str(e)
                        log(f"  rclone FAILED (its numbers are left out): {e}")
                        continue
                    except BenchError as e:
                        self.failures.append(str(e))
                        log(f"  FAIL {e}")
                        r = None
                    (cop_runs if tool == "copilot" else rcl_runs).append(r)
                    if r:
                        log(f"  {label:<26} {tool:<7} rep {rep + 1}: {r.wall:7.2f} s  cpu {r.cpu:6.2f} s"
                            f"  rss {r.maxrss / MIB:6.1f} MiB" + (f"  OOM {r.oom}" if r.oom else ""))
            rows.append((label, cop_runs, rcl_runs))
        return rows

    def footprint(self, limits):
        a = self.args
        res = {}
        res["download_s3"] = [self.download_primitives("s3", limits).wall for _ in range(a.footprint_reps)]
        res["download_local"] = [self.download_primitives("local", limits).wall for _ in range(a.footprint_reps)]
        res["help"] = [self.help(limits).wall for _ in range(a.footprint_reps)]
        idle = [self.sidecar_primitives(limits) for _ in range(a.footprint_reps)]
        res["idle_rss"] = [r.extra["idle_rss"] for r in idle]
        res["sigterm_to_exit"] = [r.extra["sigterm_to_exit"] for r in idle]
        res["early"] = []
        for ms in a.sigterm_delays:
            r = self.sidecar_primitives(limits, ms / 1000)
            ok = r.rc == 0 and r.extra["outputs_ok"]
            res["early"].append((ms, ok, r.rc))
            last = r.output.strip().splitlines()[-1:] if not ok else []
            log(f"  SIGTERM {ms} ms after start: exit {r.rc}, outputs.pb {'written' if r.extra['outputs_ok'] else 'MISSING'}"
                + (f" (last line: {last[0][:200]})" if last else ""))
        return res


class RcloneError(Exception):
    """rclone failed: its numbers are left out, copilot's still count."""


# ---------------------------------------------------------------------------------------------
# report


def med(values):
    return statistics.median(values) if values else None


def verdict(ok):
    return "PASS" if ok else "FAIL"


def print_transfers(title, rows, limited):
    log("")
    log(f"== transfers, {title} ==")
    header = (f"{'shape':<26} {'copilot s':>9} {'rclone s':>9} {'ratio':>6} {'wall<=0.8':>9} "
              f"{'cpu cop':>8} {'cpu rcl':>8} {'cpu<=rcl':>8} {'rss cop':>8} {'rss rcl':>8} {'OOM':>4}")
    log(header)
    log("-" * len(header))
    targets = []
    for label, cop_runs, rcl_runs in rows:
        cop = [r for r in cop_runs if r]
        if len(cop) != len(cop_runs) or not cop:
            log(f"{label:<26} copilot FAILED (wrong bytes or crash, see above)")
            targets.append(False)
            continue
        cw, cc, crss = med([r.wall for r in cop]), med([r.cpu for r in cop]), max(r.maxrss for r in cop)
        ooms = sum(r.oom for r in cop)
        if rcl_runs:
            rw, rc, rrss = med([r.wall for r in rcl_runs]), med([r.cpu for r in rcl_runs]), max(r.maxrss for r in rcl_runs)
            ratio = cw / rw
            wall_ok, cpu_ok = ratio <= 0.8, cc <= rc
            rcl_cols = f"{rw:9.2f} {ratio:6.2f} {verdict(wall_ok):>9}"
            cpu_cols = f"{cc:8.2f} {rc:8.2f} {verdict(cpu_ok) + ('' if limited else '*'):>8}"
            rss_cols = f"{crss / MIB:8.1f} {rrss / MIB:8.1f}"
            targets.append(wall_ok and (cpu_ok or not limited) and not ooms)
        else:
            rcl_cols = f"{'n/a':>9} {'n/a':>6} {'n/a':>9}"
            cpu_cols = f"{cc:8.2f} {'n/a':>8} {'n/a':>8}"
            rss_cols = f"{crss / MIB:8.1f} {'n/a':>8}"
        log(f"{label:<26} {cw:9.2f} {rcl_cols} {cpu_cols} {rss_cols} {ooms:>4}")
    log("wall: median seconds (copilot upload: SIGTERM to exit); cpu: median user+sys seconds (copilot upload:"
        " after SIGTERM); rss: peak RSS in MiB (max over repetitions)"
        + ("" if limited else "; * CPU is a target only inside the cgroup"))
    return targets


def print_footprint(title, res, limited):
    log("")
    log(f"== footprint (issue 9), {title} ==")

    def ms(values):
        return f"{med(values) * 1000:7.0f} ms"

    lines = []
    targets = []

    def line(what, value, limit, ok):
        lines.append(f"{what:<52} {value:>12}   target {limit:<10} {verdict(ok) if ok is not None else '(info)'}")
        if ok is not None:
            targets.append(ok)

    dl_s3, dl_local, hlp = med(res["download_s3"]), med(res["download_local"]), med(res["help"])
    if limited:
        line("cold `copilot download`, 10 primitives, S3", ms(res["download_s3"]), "<= 500 ms", dl_s3 <= 0.5)
        line("cold `copilot download`, 10 primitives, local store", ms(res["download_local"]), "<= 300 ms",
             dl_local <= 0.3)
        line("`copilot --help`", ms(res["help"]), "<= 250 ms", hlp <= 0.25)
    else:
        line("cold `copilot download`, 10 primitives, S3", ms(res["download_s3"]), "<= 250 ms", dl_s3 <= 0.25)
        line("cold `copilot download`, 10 primitives, local store", ms(res["download_local"]), "-", None)
        line("`copilot --help`", ms(res["help"]), "-", None)
    idle = med(res["idle_rss"])
    line("idle `copilot sidecar` RSS (settled + 2 s)", f"{idle / MIB:7.1f} MiB", "<= 48 MiB" if limited else "-",
         idle <= 48 * MIB if limited else None)
    stx = med(res["sigterm_to_exit"])
    line("SIGTERM -> outputs.pb + exit, 10 primitive outputs", ms(res["sigterm_to_exit"]),
         "<= 700 ms" if limited else "-", stx <= 0.7 if limited else None)
    early = res["early"]
    if early:
        passing = [ms_ for ms_, ok, _ in early if ok]
        # the earliest delay from which every later one tried also ended with outputs.pb
        earliest = None
        for ms_, ok, _ in reversed(early):
            if not ok:
                break
            earliest = ms_
        tried = ", ".join(f"{ms_}:{'ok' if ok else f'exit {rc}'}" for ms_, ok, rc in early)
        at200 = [ok for ms_, ok, _ in early if ms_ == 200]
        line("earliest SIGTERM still giving outputs.pb + exit 0",
             f"{earliest} ms" if earliest is not None else "none", "200 ms ok" if limited else "-",
             (bool(at200) and at200[0]) if limited and at200 else None)
        lines.append(f"  (SIGTERM ms after start: {tried})")
        del passing
    for text in lines:
        log(text)
    return targets


# ---------------------------------------------------------------------------------------------


def ensure_rclone(args):
    if args.no_rclone:
        log("rclone: skipped (--no-rclone); copilot is still measured and checked")
        return False
    if shutil.which("rclone") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        log("rclone: not found, trying `apt-get install -y rclone` ...")
        try:
            subprocess.run(["apt-get", "install", "-y", "rclone"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), timeout=args.apt_timeout)
        except subprocess.TimeoutExpired:
            pass
    if shutil.which("rclone") is None:
        log("rclone: SKIPPED - not installed and `apt-get install -y rclone` did not install it;"
            " copilot is still measured and checked, ratios are n/a")
        return False
    version = subprocess.run(["rclone", "version"], capture_output=True, text=True).stdout.splitlines()
    log(f"rclone: {version[0] if version else '?'} (--transfers 16, AWS_CA_BUNDLE unset)")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true",
                    help="tiny sizes, 1 repetition (what CI runs through mvn verify): 1 x 16 MiB, 50 x 64 KiB")
    ap.add_argument("--reps", type=int, help="repetitions of each transfer shape per tool (default 3; smoke 1)")
    ap.add_argument("--footprint-reps", type=int, help="repetitions of each footprint figure (default 5; smoke 1)")
    ap.add_argument("--big-size", type=parse_size, help="size of the single big file (default 1GiB)")
    ap.add_argument("--small-count", type=int, help="number of small files (default 1000)")
    ap.add_argument("--small-size", type=parse_size, help="size of each small file (default 1MiB)")
    ap.add_argument("--shapes", default="download-big,download-small,upload-big,upload-small",
                    help="transfer shapes to run, comma-separated (default: all four); e.g. the 100,000-file"
                         " check of issue 10: --shapes upload-small,download-small --small-count 100000"
                         " --small-size 4KiB")
    ap.add_argument("--sigterm-delays", help="ms after start for the early-SIGTERM probe (default 100,200,300,500,800)")
    ap.add_argument("--copilot", help="command that runs copilot (default: bin/copilot of this repository)")
    ap.add_argument("--mem-mib", type=int, default=128, help="memory limit of the limited half (default 128)")
    ap.add_argument("--millicpu", type=int, default=500, help="CPU limit of the limited half (default 500)")
    ap.add_argument("--no-limited", action="store_true", help="skip the half inside the cgroup")
    ap.add_argument("--no-unrestricted", action="store_true", help="skip the unrestricted half")
    ap.add_argument("--no-transfers", action="store_true", help="only the footprint figures")
    ap.add_argument("--no-footprint", action="store_true", help="only the transfer shapes")
    ap.add_argument("--no-rclone", action="store_true", help="do not run rclone")
    ap.add_argument("--workdir", help="where data and runs go (default: a new temporary directory, removed after)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--run-timeout", type=float, help="seconds before one run is killed (default 1800; smoke 120)")
    ap.add_argument("--apt-timeout", type=float, help="seconds allowed for `apt-get install rclone` (default 300; smoke 60)")
    ap.add_argument("--strict", action="store_true", help="also exit 1 when a speed or footprint target is missed")
    args = ap.parse_args()
    unknown = set(args.shapes.split(",")) - {"download-big", "download-small", "upload-big", "upload-small"}
    if unknown:
        ap.error(f"unknown shapes {sorted(unknown)}; known: download-big, download-small, upload-big, upload-small")
    smoke = args.smoke
    args.reps = args.reps or (1 if smoke else 3)
    args.footprint_reps = args.footprint_reps or (1 if smoke else 5)
    args.big_size = args.big_size or (16 * MIB if smoke else 1 << 30)
    args.small_count = args.small_count or (50 if smoke else 1000)
    args.small_size = args.small_size or (64 << 10 if smoke else MIB)
    args.run_timeout = args.run_timeout or (120 if smoke else 1800)
    args.apt_timeout = args.apt_timeout or (60 if smoke else 300)
    delays = args.sigterm_delays or ("200" if smoke else "100,200,300,500,800")
    args.sigterm_delays = sorted(int(x) for x in delays.split(",") if x)

    started = time.monotonic()
    bench = Bench(args)
    limits = (args.mem_mib, args.millicpu)
    all_targets = []
    try:
        bench.check_build()
        log(f"load average (1/5/15 min) at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
            f" on {os.cpu_count()} CPUs")
        log(f"copilot: {' '.join(bench.copilot)}"
            + (f" (COPILOT_JAVA_OPTS={os.environ['COPILOT_JAVA_OPTS']})" if os.environ.get("COPILOT_JAVA_OPTS") else "")
            + (f" (JAVA_HOME={os.environ['JAVA_HOME']})" if os.environ.get("JAVA_HOME") else ""))
        rclone_ok = ensure_rclone(args) if not args.no_transfers else False
        halves = []
        if not args.no_unrestricted:
            halves.append(("unrestricted", None))
        if not args.no_limited:
            reason = Cgroup.probe(*limits)
            if reason:
                log(f"limited half: SKIPPED - {reason}; cannot run the tools inside a cgroup of"
                    f" {args.mem_mib} MiB / {args.millicpu}m CPU")
            else:
                halves.append((f"inside a cgroup of {args.mem_mib} MiB / {args.millicpu}m CPU", limits))
        bench.start_server()
        bench.storage_config()
        bench.generate_data()
        results = []
        for title, lim in halves:
            log(f"\n-- {title} --")
            rows = bench.transfers(lim, rclone_ok) if not args.no_transfers else None
            fp = None
            if not args.no_footprint:
                try:
                    fp = bench.footprint(lim)
                except BenchError as e:
                    bench.failures.append(str(e))
                    log(f"  FAIL {e}")
            results.append((title, lim, rows, fp))
        log(f"\nload average (1/5/15 min) at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
            f" on {os.cpu_count()} CPUs; other processes share the machine, read the numbers with that")
        log(f"\n==== results: {'SMOKE (tiny sizes, 1 repetition: ratios mean little)' if smoke else 'full'},"
            f" {args.reps} repetition(s), copilot = {' '.join(bench.copilot)} ====")
        for title, lim, rows, fp in results:
            if rows is not None:
                all_targets += print_transfers(title, rows, lim is not None)
            if fp is not None:
                all_targets += print_footprint(title, fp, lim is not None)
    except BenchError as e:
        bench.failures.append(str(e))
    except KeyboardInterrupt:
        bench.failures.append("interrupted")
    finally:
        bench.stop_server()
        if args.keep or bench.failures:
            log(f"work directory kept: {bench.work}")
        else:
            shutil.rmtree(bench.work, ignore_errors=True)
    log("")
    log(f"targets: {sum(all_targets)} of {len(all_targets)} met; total time {time.monotonic() - started:.0f} s")
    if bench.failures:
        log(f"BENCH FAILED: copilot crashed or produced wrong bytes ({len(bench.failures)}):")
        for f in bench.failures:
            log(f"  - {f.splitlines()[0]}")
        sys.exit(1)
    if args.strict and not all(all_targets):
        sys.exit(1)


if __name__ == "__main__":
    main()
