"""The real stack for the benchmark scripts: gunicorn serving the project on a loopback port,
HTTP load from this (separate) process, latency percentiles, errors and the workers' peak
memory.

    from bench._http import Server, environment, load, batch

    env = environment(database_url, var_dir)          # what the server and set-up children see
    with Server(env, workers=4) as server:            # started, /healthz answered, stopped after
        healthz = load(server, "/healthz", seconds=5)  # wrk when installed, else threads here
        page = load(server, "/ar/events/", seconds=5)
        print(page.throughput, page.p95, page.errors, page.peak_mb)

``load`` keeps ``connections`` keep-alive connections busy for ``seconds`` (wrk, or a small
threaded client of our own when wrk is missing: ``scripts/system-deps.sh bench`` installs wrk).
``batch`` sends a fixed list of requests (each its own method, body and headers: a rush of
registrations, scans at the desks) from ``clients`` threads, each on its own keep-alive
connection, and returns each answer with the same figures. Both measure the workers' peak
resident memory (VmHWM, reset before each measurement through /proc/<pid>/clear_refs).
"""

import http.client
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench._common import row

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STATIC_FILE = "/static/img/favicon.svg"  # the static-file ceiling: a small file whitenoise serves
CSRF = "benchcsrfsecret0123456789abcdefg"  # 32 characters: Django's unmasked secret length

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) classes = {0, 0, 0, 0, 0} end
function response(status, headers, body)
  local k = math.floor(status / 100)
  if k >= 1 and k <= 5 then classes[k] = classes[k] + 1 end
end
function done(summary, latency, requests)
  local c = {0, 0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    local counted = thread:get("classes")
    for k = 1, 5 do c[k] = c[k] + counted[k] end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "microseconds": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"socket_errors": %d, "s2": %d, "s3": %d, "s4": %d, "s5": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout, c[2], c[3], c[4], c[5]))
end
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url, var_dir, **overrides):
    """The environment of the server and of the set-up children: the database, a folder of its
    own for media and the secret key, production's settings (DEBUG off), no email sent, the
    in-process cache, and the rate limits of one address lifted (every client here is 127.0.0.1)."""
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }
    for name in ("REDIS_URL", "CACHE_URL"):
        env.pop(name, None)
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def django_child(env, code):
    """Runs ``code`` (Python, Django set up first) in a child process with ``env``; returns
    what it prints as JSON on its last line."""
    prelude = "import django, json; django.setup()\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def staff_sessions(users):
    """A signed-in session for each of ``users`` (run where Django is set up, on the server's
    database), as after signing in with a password and a second factor, which everyone with a
    role at an event passes (home/second_factor.py). Returns the session keys: the value of
    the ``settings.SESSION_COOKIE_NAME`` cookie."""
    from allauth.account.internal.flows import login
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                login._AUTHENTICATION_METHODS_USER_SESSION_KEY: str(user.pk),
                login.AUTHENTICATION_METHODS_SESSION_KEY: [
                    {"method": "password", "at": time.time(), "username": user.username},
                    {"method": "mfa", "at": time.time(), "type": "totp"},
                ],
            }
        )
        store.create()
        keys.append(store.session_key)
    return keys


# --- the server --------------------------------------------------------------------------------


def _children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status_kib(pid, name):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """gunicorn with ``workers`` sync workers on a free loopback port, serving the project with
    ``env``; a context manager that starts it, waits until /healthz answers, and stops it."""

    def __init__(self, env, workers=4, port=None, timeout=120):
        self.port = port or free_port()
        self.env = {**env, "BASE_URL": f"http://127.0.0.1:{self.port}"}
        self.workers = workers
        self.timeout = timeout
        self.process = None
        self._peaks = {}
        self._watching = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "wsgi:application",
                "--pythonpath",
                "site",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                str(self.timeout),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 180  # a loaded machine takes its time to import Django
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.process.returncode})")
            try:
                if request(self.port, "GET", "/healthz")[0] == 200 and len(self.worker_pids()) == self.workers:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError("gunicorn did not answer /healthz within 180 s")
        # Every worker imports, compiles and connects before anything is measured.
        batch(self, [("GET", "/healthz")] * (self.workers * 20), clients=self.workers * 2)
        batch(self, [("GET", STATIC_FILE)] * (self.workers * 5), clients=self.workers * 2)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self):
        return _children(self.process.pid) if self.process else []

    # Peak memory: each worker's VmHWM, reset before a measurement and sampled during it (a
    # worker gunicorn replaces keeps its peak in the samples).
    def watch_memory(self):
        self._peaks = {}
        for pid in self.worker_pids():
            try:
                Path(f"/proc/{pid}/clear_refs").write_text("5")
            except OSError:
                pass  # not ours to reset (another user): the peak then counts from the start
        stop = threading.Event()

        def sample():
            while True:
                for pid in self.worker_pids():
                    self._peaks[pid] = max(self._peaks.get(pid, 0), _status_kib(pid, "VmHWM"))
                if stop.wait(0.25):
                    return

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        self._watching = (stop, thread)

    def peak_mb(self):
        """The largest peak resident memory of one worker since ``watch_memory``, in MB."""
        if self._watching:
            stop, thread = self._watching
            stop.set()
            thread.join()
            self._watching = None
        for pid in self.worker_pids():
            self._peaks[pid] = max(self._peaks.get(pid, 0), _status_kib(pid, "VmHWM"))
        return max(self._peaks.values(), default=0) * 1024 / 1_000_000


# --- the load --------------------------------------------------------------------------------


@dataclass
class Result:
    """What one measurement saw. Latencies in milliseconds."""

    path: str
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int  # socket errors and answers other than 2xx/3xx
    server_errors: int  # 5xx answers
    peak_mb: float = 0.0
    tool: str = "python"
    answers: list = field(default_factory=list, repr=False)  # (status, body) of a batch

    @property
    def throughput(self):
        return self.requests / self.seconds if self.seconds else 0.0


def request(port, method, path, body=None, headers=None, connection=None):
    """One request; on ``connection`` (kept alive) when given. Returns (status, body bytes, seconds)."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    content = response.read()
    elapsed = time.perf_counter() - started
    if own:
        connection.close()
    return response.status, content, elapsed


@dataclass
class Download:
    """A file fetched as a browser fetches it: the last answer, the time from the first
    request to the file's last byte, and the workers' peak memory meanwhile (MB)."""

    status: int
    content: bytes
    seconds: float
    peak_mb: float
    requests: int


def download(server, method, path, body=None, headers=None, then=None, most=5):
    """``method path``, then, while ``then(status, location, path)`` names another address, a
    GET of it with the same cookies (a redirect followed; a file fetched from the page it led
    to), at most ``most`` requests on one keep-alive connection, while the workers' peak
    memory is measured."""
    server.watch_memory()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=server.timeout)
    started, requests = time.perf_counter(), 0
    try:
        while True:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read()
            requests += 1
            following = then and then(response.status, response.getheader("Location"), path)
            if not following or requests >= most:
                break
            target = urlsplit(following)
            method, path, body = "GET", target.path + (f"?{target.query}" if target.query else ""), None
            headers = {name: value for name, value in (headers or {}).items() if name.lower() != "content-type"}
    finally:
        connection.close()
    seconds = time.perf_counter() - started
    return Download(response.status, content, seconds, server.peak_mb(), requests)


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _summary(path, latencies, seconds, statuses, socket_errors, answers=()):
    milliseconds = [value * 1000 for value in latencies]
    return Result(
        path=path,
        requests=len(latencies),
        seconds=seconds,
        p50=statistics.median(milliseconds) if milliseconds else 0.0,
        p95=percentile(milliseconds, 0.95),
        p99=percentile(milliseconds, 0.99),
        errors=socket_errors + sum(1 for status in statuses if not 200 <= status < 400),
        server_errors=sum(1 for status in statuses if status >= 500),
        answers=list(answers),
    )


def batch(server, jobs, clients=10, keep_bodies=False):
    """Sends every job — ``(method, path)`` or ``(method, path, body, headers)`` — from ``clients``
    threads, each on its own keep-alive connection; returns a Result whose ``answers`` hold
    (status, body or b"") in the jobs' order."""
    port = server.port if isinstance(server, Server) else server
    pending = queue.Queue()
    for number, job in enumerate(jobs):
        pending.put((number, job))
    answers = [None] * len(jobs)
    latencies, statuses, failures, lock = [], [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            try:
                number, job = pending.get_nowait()
            except queue.Empty:
                break
            method, path, body, headers = (*job, None, None)[:4]
            try:
                status, content, elapsed = request(port, method, path, body, headers, connection=connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                with lock:
                    failures[0] += 1
                answers[number] = (0, b"")
                continue
            with lock:
                latencies.append(elapsed)
                statuses.append(status)
            answers[number] = (status, content if keep_bodies else b"")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(min(clients, len(jobs)) or 1)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    path = jobs[0][1] if jobs else ""
    return _summary(path, latencies, seconds, statuses, failures[0], answers)


def _load_python(port, path, seconds, connections, headers):
    deadline = time.perf_counter() + seconds
    latencies, statuses, failures, lock = [], [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, codes, failed = [], [], 0
        while time.perf_counter() < deadline:
            try:
                status, _content, elapsed = request(port, "GET", path, headers=headers, connection=connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                failed += 1
                continue
            mine.append(elapsed)
            codes.append(status)
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.extend(codes)
            failures[0] += failed

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _summary(path, latencies, time.perf_counter() - started, statuses, failures[0])


def _load_wrk(port, path, seconds, connections, headers):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = ["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "60s", "-s", script.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    try:
        done = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK-JSON "))
    figures = json.loads(line.removeprefix("WRK-JSON "))
    return Result(
        path=path,
        requests=figures["requests"],
        seconds=figures["microseconds"] / 1e6,
        p50=figures["p50"] / 1000,
        p95=figures["p95"] / 1000,
        p99=figures["p99"] / 1000,
        errors=figures["socket_errors"] + figures["s4"] + figures["s5"],
        server_errors=figures["s5"],
        tool="wrk",
    )


def load(server, path, seconds=5.0, connections=8, headers=None, tool=None):
    """``connections`` keep-alive connections asking ``path`` for ``seconds``; wrk when it is
    installed (``tool="python"`` forces our own client). Measures the workers' peak memory."""
    use_wrk = (tool or ("wrk" if shutil.which("wrk") else "python")) == "wrk"
    server.watch_memory()
    if use_wrk:
        result = _load_wrk(server.port, path, max(1, round(seconds)), connections, headers)
    else:
        result = _load_python(server.port, path, seconds, connections, headers)
    result.peak_mb = server.peak_mb()
    return result


def measured_batch(server, jobs, clients=10, keep_bodies=False):
    """``batch`` with the workers' peak memory measured during it."""
    server.watch_memory()
    result = batch(server, jobs, clients=clients, keep_bodies=keep_bodies)
    result.peak_mb = server.peak_mb()
    return result


# --- rows for bench/run.py ---------------------------------------------------------------------


def rows(scenario, database, result, healthz=None, static=None):
    """The rows bench/run.py prints for one HTTP measurement: throughput against /healthz and
    the static file (measured in the same run), latency percentiles against /healthz's, errors
    and the workers' peak memory."""
    ceiling = {}
    if static and static.throughput:
        ceiling = {"ceiling": "static file", "ceiling_value": static.throughput}
        ceiling["ceiling_ratio"] = result.throughput / static.throughput
    found = [
        row(scenario, database, "throughput", result.throughput, "req/s", "/healthz",
            healthz and healthz.throughput, **ceiling),
    ]  # fmt: skip
    for name in ("p50", "p95", "p99"):
        found.append(
            row(scenario, database, f"latency {name}", getattr(result, name), "ms", "/healthz",
                healthz and getattr(healthz, name))
        )  # fmt: skip
    found.append(
        row(scenario, database, "errors", result.errors, f"of {result.requests:,} ({result.server_errors} 5xx)")
    )
    found.append(
        row(scenario, database, "worker peak memory", result.peak_mb, "MB", "/healthz", healthz and healthz.peak_mb)
    )
    return found


def baselines(server, seconds=3.0, connections=8):
    """/healthz and the static file, measured now (call it next to what they are compared with)."""
    return load(server, "/healthz", seconds, connections), load(server, STATIC_FILE, seconds, connections)
