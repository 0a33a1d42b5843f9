"""`python -m harvester ...` as a real subprocess: what users run, and what SIGKILL can interrupt."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def harvest_env(**extra: str) -> dict[str, str]:
    """The environment a subprocess gets: this source tree importable, no inherited catalog, no token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HARVEST_", "GITHUB_TOKEN"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def start(args: Sequence[str], env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "harvester", *args], cwd=ROOT, env=env or harvest_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")


def harvest(*args: str, env: dict[str, str] | None = None, timeout: float = 300, input: str | None = None) -> Finished:
    """Run `harvest ARGS` to completion."""
    out = subprocess.run([sys.executable, "-m", "harvester", *args], cwd=ROOT, env=env or harvest_env(),
                         capture_output=True, text=True, errors="replace", timeout=timeout, input=input)
    return Finished(out.returncode, out.stdout, out.stderr)


def wait(process: subprocess.Popen, timeout: float = 300) -> Finished:
    stdout, stderr = process.communicate(timeout=timeout)
    return Finished(process.returncode, stdout, stderr)


def kill_after(process: subprocess.Popen, delay: float) -> bool:
    """SIGKILL the process after `delay` seconds; True when it was still running (so the kill interrupted it)."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.005)
    alive = process.poll() is None
    if alive:
        process.send_signal(signal.SIGKILL)
    process.communicate()
    return alive
