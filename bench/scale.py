#!/usr/bin/env python3
"""Scale benchmark: the whole Tencent Cloud catalogue, from provider metadata to compiled crates.

Fetches the pinned tccli package from PyPI (a benchmark may use the package registry; tests
may not), imports its api.json metadata into specs, checks them, generates the workspace
layout (one crate per provider and per service) and builds it, and prints:

- import, check and generate: wall time, time per API and peak memory;
- generated lines per API over a large service (vod);
- debug build of that service alone: CPU per API and peak memory of its rustc;
- debug build of a ten-service set in parallel: wall, CPU and peak memory of all rustc
  processes running at once;
- with --all: the whole catalogue built service by service, and how many APIs fail.

Usage: python3 bench/scale.py [--all] [--work DIR]
Run it on a quiet machine; it takes several minutes (the whole catalogue: much longer).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TCCLI = "tccli==3.1.189.1"
LARGE = "vod"
TEN = ["vod", "live", "trtc", "cdn", "mps", "cvm", "cbs", "clb", "cam", "billing"]
PREFIX = "cu"

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, cwd=None, env=None, check=True, capture=False):
    """Runs `cmd`; returns (wall seconds, CPU seconds of it and its descendants, peak RSS in KiB
    of this command alone: itself or its largest descendant, completed process).

    The command is reaped with `wait4`, whose resource usage covers only that child and what it
    waited for, so an earlier, larger step (the release build of the generator) cannot leak into
    a later step's peak as it would through `RUSAGE_CHILDREN`."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out if capture else None,
            stderr=err if capture else None,
            text=True,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(
            cmd, proc.returncode, out.read() if capture else None, err.read() if capture else None
        )
    cpu = usage.ru_utime + usage.ru_stime
    if check and done.returncode != 0:
        if capture:
            sys.stderr.write(done.stdout or "")
            sys.stderr.write(done.stderr or "")
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return wall, cpu, usage.ru_maxrss, done


class RustcMemory:
    """Samples the summed RSS of every running rustc of this benchmark (what parallel builds
    need at once). Only rustc processes whose command line names `scope` count, so builds of
    other checkouts on the same machine do not inflate the figure."""

    def __init__(self, scope, interval=0.1):
        self.scope = str(scope)
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.is_set():
            total = 0
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    with open(f"/proc/{pid}/comm") as f:
                        if f.read().strip() != "rustc":
                            continue
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        if self.scope.encode() not in f.read():
                            continue
                    with open(f"/proc/{pid}/status") as f:
                        for line in f:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1])
                except OSError:
                    continue
            self.peak_kib = max(self.peak_kib, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def gib(kib):
    return f"{kib / 1024 / 1024:.2f} GiB"


def fetch(work):
    wheels = list(work.glob("tccli-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", TCCLI, "-d", str(work)],
            check=True,
        )
        wheels = list(work.glob("tccli-*.whl"))
    return wheels[0]


def api_count(specs, service=None):
    root = specs / "tencent"
    dirs = [root / service] if service else [d for d in root.iterdir() if d.is_dir()]
    return sum(
        1 for d in dirs for f in d.glob("*.yaml") if f.name != "service.yaml"
    )


def lines(path):
    return sum(sum(1 for _ in open(f, encoding="utf-8")) for f in path.rglob("*.rs"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=str(ROOT / "target" / "scale"))
    parser.add_argument("--all", action="store_true", help="also build the whole catalogue")
    args = parser.parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)

    wheel = fetch(work)
    run(["cargo", "build", "--quiet", "--release", "-p", "cloudusage-codegen"], cwd=ROOT)
    codegen = ROOT / "target" / "release" / "cloudusage-codegen"
    specs, ws = work / "specs", work / "ws"
    subprocess.run(["rm", "-rf", str(specs)], check=True)

    report = {}
    wall, _, rss, _ = run([codegen, "import", "tencent", wheel, "--out", specs], capture=True)
    apis = api_count(specs)
    report["apis"] = apis
    report["import"] = (wall, rss)
    wall, _, rss, _ = run([codegen, "check", specs], capture=True)
    report["check"] = (wall, rss)
    subprocess.run(["rm", "-rf", str(ws)], check=True)
    wall, cpu, rss, _ = run(
        [codegen, "workspace", "--specs", specs, "--out", ws, "--prefix", PREFIX,
         "--runtime", ROOT / "runtime"],
        capture=True,
    )
    report["generate"] = (wall, rss, cpu)
    # The workspace builds against the project's own lock file (same dependency versions).
    subprocess.run(["cp", str(ROOT / "Cargo.lock"), str(ws / "Cargo.lock")], check=True)

    large = ws / f"{PREFIX}-tencent-{LARGE}"
    large_apis = api_count(specs, LARGE)
    print(f"catalogue: {apis} APIs")
    for step in ("import", "check"):
        wall, rss = report[step]
        print(f"{step:9}: {wall:6.2f} s wall, {wall / apis * 1e3:6.3f} ms/API, peak {gib(rss)}")
    wall, rss, cpu = report["generate"]
    print(f"generate : {wall:6.2f} s wall ({cpu:.1f} s CPU), {wall / apis * 1e3:6.3f} ms/API, peak {gib(rss)}")
    print(f"lines    : {lines(large / 'src') / large_apis:.0f} per API over {LARGE} ({large_apis} APIs); "
          f"{lines(ws) / apis:.0f} per API over the catalogue")

    env = dict(os.environ, CARGO_INCREMENTAL="0", CARGO_TARGET_DIR=str(work / "target"))
    # Dependencies and the provider crate first, so that the service builds measure themselves.
    run(["cargo", "build", "--quiet", "-p", f"{PREFIX}-tencent"], cwd=ws, env=env)
    with RustcMemory(work) as mem:
        wall, cpu, _, _ = run(["cargo", "build", "--quiet", "-p", large.name], cwd=ws, env=env)
    print(f"build {LARGE}: {wall:.1f} s wall, {cpu:.1f} s CPU = {cpu / large_apis * 1e3:.1f} ms CPU/API, "
          f"peak {gib(mem.peak_kib)}")

    ten = [f"{PREFIX}-tencent-{s}" for s in TEN if (ws / f"{PREFIX}-tencent-{s}").is_dir()]
    ten_apis = sum(api_count(specs, s) for s in TEN if (specs / "tencent" / s).is_dir())
    cmd = ["cargo", "build", "--quiet"]
    for c in ten:
        cmd += ["-p", c]
    with RustcMemory(work) as mem:
        wall, cpu, _, _ = run(cmd, cwd=ws, env=env)
    print(f"build ten services ({len(ten)} crates, {ten_apis} APIs, {LARGE} already built): "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU, peak of all rustc at once {gib(mem.peak_kib)}")

    if args.all:
        with RustcMemory(work) as mem:
            wall, cpu, _, proc = run(
                ["cargo", "build", "--workspace", "--keep-going", "--message-format=short"],
                cwd=ws, env=env, check=False, capture=True,
            )
        failing = set(re.findall(rf"^({PREFIX}-tencent-[^/]+/src/[^:]+\.rs):\d+:\d+: error",
                                 proc.stderr, re.M))
        crates = set(re.findall(r"could not compile `([^`]+)`", proc.stderr))
        print(f"build whole catalogue: {wall:.0f} s wall, {cpu:.0f} s CPU, peak {gib(mem.peak_kib)}; "
              f"{len(crates)} crates and {len(failing)} files with errors")
        for f in sorted(failing)[:20]:
            print(f"  error in {f}")


if __name__ == "__main__":
    main()
