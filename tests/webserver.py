"""Start `assistant serve` in a subprocess on a free port (for browser, client and bench runs)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> float:
    """Seconds until the page answers 200; raises if the process dies or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} not ready after {timeout} s")


def start_server(data_dir: Path, profile: str = "test", extra_env: dict | None = None,
                 args: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str, float]:
    """Returns (process, base URL, seconds from launch to ready). The caller stops the process."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False",
           "HF_HUB_OFFLINE": "1", **(extra_env or {})}
    if profile:
        env["ASSISTANT_PROFILE"] = profile
    log = open(Path(data_dir).parent / f"serve-{port}.log", "w")  # noqa: SIM115 (lives as long as the server)
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port), *args], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        ready = wait_ready(url, proc)
    except Exception:
        stop_server(proc)
        raise
    return proc, url, ready


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def notices(job) -> list[str]:
    """The notices (gr.Info / gr.Warning) a finished gradio_client job received: the app's refusals arrive
    this way (every output left unchanged), not as errors."""
    updates, out = job.communicator.updates, []
    while not updates.empty():
        log = getattr(updates.get_nowait(), "log", None)
        if log:
            out.append(log[0])
    return out
