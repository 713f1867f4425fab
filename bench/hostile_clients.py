#!/usr/bin/env python3
"""Hostile clients against a Vitrine build: slow clients (issue 7 item 1) and sign-in bursts (item 2).

Starts the packaged jar of a checkout (ROOT/app/target/vitrine.jar, build it first with `./vitrine build`) on a
free loopback port with a fresh data folder and the heap `./vitrine run` gives a web process on this machine
(-XX:+UseSerialGC -Xmx256m), creates the owner through the setup link, a public album with one photo, then:

  slow:  for SECONDS, 300 POSTs to /login declaring Content-Length 100000 and sending 1 byte every 5 s,
         300 requests sending their headers at 1 byte every 5 s, and 50 clients reading a photo's original at
         1 byte every 5 s through a small receive buffer; meanwhile a visitor requests the album page every 0.2 s
         (fresh connection, 5 s time-out). Reports the visitor's latencies and when the server dropped the slow ones.
  burst: 100 sign-ins at the same moment (correct password), twice, then one 300 MB form posted to /login; reports the
         statuses, the web process's RSS and heap before / peak / after, and OutOfMemoryErrors in its log.

Everything goes to 127.0.0.1 only, every phase is bounded in count and time, and the server is stopped at the
end. Usage: python3 bench/hostile_clients.py --root . [--scenario slow|burst|all] [--seconds 40]
"""
import argparse
import asyncio
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

HOST = "127.0.0.1"
EMAIL = "owner@example.com"
PASSWORD = "correct horse battery"


def shared_photo(name="camera/canon-eos-5d_full-resolution.jpg"):
    """A photo of the shared test data, found by walking up from this script (as the tests do)."""
    folder = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(folder, "shared", "testdata", "photos", name)
        if os.path.exists(candidate):
            return candidate
        if os.path.dirname(folder) == folder:
            sys.exit("no shared/testdata/photos above " + os.path.dirname(os.path.abspath(__file__)))
        folder = os.path.dirname(folder)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies and the CSRF token, like a browser; never follows redirects."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.csrf = None

    def request(self, path, data=None, headers=None, timeout=30):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.headers, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode("utf-8", "replace")

    def page(self, path):
        status, headers, body = self.request(path)
        m = re.search(r'name="_csrf"\s+value="([^"]+)"', body)
        if m:
            self.csrf = m.group(1)
        return status, headers, body

    def post(self, path, fields, timeout=30):
        fields = dict(fields)
        fields.setdefault("_csrf", self.csrf)
        data = urllib.parse.urlencode(fields).encode()
        return self.request(path, data, {"Content-Type": "application/x-www-form-urlencoded"}, timeout)

    def upload(self, path, file):
        boundary = uuid.uuid4().hex
        with open(file, "rb") as f:
            content = f.read()
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{self.csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"photo.jpg\"\r\n"
                f"Content-Type: image/jpeg\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                         "Accept": "application/json", "X-CSRF-Token": self.csrf})


class Server:
    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.data = tempfile.mkdtemp(prefix="vitrine-bench-")
        self.log_path = os.path.join(self.data, "server.log")
        env = dict(os.environ, VITRINE_PORT=str(self.port), VITRINE_BIND=HOST, VITRINE_DATA_DIR=self.data,
                   VITRINE_BASE_URL=self.base, VITRINE_WORKERS="inline", VITRINE_IMAGE_ENGINE="java",
                   MALLOC_ARENA_MAX="2")
        java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([java, "-XX:+UseSerialGC", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                                         "-jar", os.path.join(self.root, "app", "target", "vitrine.jar"), "serve"],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def setup_link(self, patience=90):
        deadline = time.time() + patience
        while time.time() < deadline:
            with open(self.log_path) as f:
                m = re.search(r"(http://\S+/setup\?token=\S+)", f.read())
            if m:
                return m.group(1)[len(self.base):]
            if self.process.poll() is not None:
                sys.exit("server exited: see " + self.log_path)
            time.sleep(0.2)
        sys.exit("no setup link in the log after %d s" % patience)

    def rss_mib(self, field="VmRSS"):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return None

    def heap_used_mib(self, collect=False):
        jcmd = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")
        if collect:
            subprocess.run([jcmd, str(self.process.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run([jcmd, str(self.process.pid), "GC.heap_info"], capture_output=True, text=True,
                             timeout=60).stdout
        used = sum(int(k) for k in re.findall(r"used (\d+)K", out.split("Metaspace")[0]))
        return used / 1024

    def out_of_memory_errors(self):
        with open(self.log_path) as f:
            return f.read().count("OutOfMemoryError")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def prepare(server):
    owner = Browser(server.base)
    link = server.setup_link()
    owner.page(link)
    token = link.split("=", 1)[1]
    status, _, _ = owner.post("/setup", {"token": token, "email": EMAIL, "password": PASSWORD,
                                         "password2": PASSWORD})
    assert status == 303, f"setup answered {status}"
    owner.page("/admin/albums/new")
    status, headers, _ = owner.post("/admin/albums", {"title": "Bench", "slug": "bench", "description": "",
                                                      "visibility": "public"})
    assert status == 303, f"album creation answered {status}"
    album_path = headers["Location"]
    owner.page(album_path)
    status, _, body = owner.upload(album_path + "/photos", shared_photo())
    assert status == 200, f"upload answered {status}: {body}"
    photo_id = json.loads(body)["results"][0]["photoId"]
    deadline = time.time() + 120
    while time.time() < deadline:
        _, _, body = owner.request("/api/albums/bench")
        if all(p["status"] == "ready" for p in json.loads(body)["photos"]):
            break
        time.sleep(0.5)
    _, _, page = owner.request(f"/a/bench/{photo_id}")
    original = re.search(r'href="(/media/o/[^"]+)"', page).group(1)
    return original


# ---------------------------------------------------------------- slow clients

async def trickle(kind, head, tail, closed, stop, rcvbuf=None):
    """Sends head at once, then tail one byte every 5 s, until the server closes or stop is set."""
    start = time.monotonic()
    try:
        sock = socket.socket()
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (HOST, SERVER_PORT))
        reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
    except OSError:
        closed[kind].append(0.0)
        return
    try:
        writer.write(head)
        await writer.drain()
        i = 0
        while not stop.is_set():
            if kind == "slow-reading":
                data = await asyncio.wait_for(reader.read(1), timeout=5.5)
                if not data:
                    raise ConnectionError("closed")
                await asyncio.sleep(5)
                continue
            try:
                data = await asyncio.wait_for(reader.read(65536), timeout=5)
                if not data:
                    raise ConnectionError("closed")
                # An answer (408/413...) is followed by the close; keep reading until it comes.
                continue
            except asyncio.TimeoutError:
                pass
            writer.write(tail[i % len(tail):i % len(tail) + 1])
            await writer.drain()
            i += 1
    except (ConnectionError, OSError, asyncio.TimeoutError):
        if not stop.is_set():
            closed[kind].append(time.monotonic() - start)
    finally:
        writer.close()


async def visitor(base_path, seconds, latencies, failures):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, SERVER_PORT), timeout=5)
            writer.write(f"GET {base_path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            await writer.drain()
            body = await asyncio.wait_for(reader.read(), timeout=5 - (time.monotonic() - t0))
            writer.close()
            if body.startswith(b"HTTP/1.1 200"):
                latencies.append(time.monotonic() - t0)
            else:
                failures.append(body[:40])
        except (asyncio.TimeoutError, OSError) as e:
            failures.append(type(e).__name__)
        await asyncio.sleep(max(0.0, 0.2 - (time.monotonic() - t0)))


async def slow_scenario(original, seconds):
    stop = asyncio.Event()
    closed = {"slow-body": [], "slow-header": [], "slow-reading": []}
    tasks = []
    body_head = (f"POST /login HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: 100000\r\n\r\n").encode()
    for _ in range(300):
        tasks.append(asyncio.create_task(trickle("slow-body", body_head, b"a" * 100000, closed, stop)))
    for _ in range(300):
        tasks.append(asyncio.create_task(trickle("slow-header", b"GET /a/bench HTTP/1.1\r\n",
                                                 b"X-Slow: " + b"b" * 4000, closed, stop)))
    for _ in range(50):
        tasks.append(asyncio.create_task(trickle(
            "slow-reading", f"GET {original} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode(), b"", closed, stop,
            rcvbuf=4096)))
    await asyncio.sleep(2)  # let the slow ones connect and start
    latencies, failures = [], []
    await visitor("/a/bench", seconds, latencies, failures)
    # The server's own view: a slow reader's client may still be draining its buffers after the server let go.
    server_side = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{SERVER_PORT} )"],
                                 capture_output=True, text=True).stdout.count("\n")
    print(f"connections the server still holds at the end: {server_side} (of 650 slow ones)")
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, failures, closed


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report_slow(latencies, failures, closed, seconds):
    total = len(latencies) + len(failures)
    print(f"visitor: {total} album page requests in {seconds} s, {len(failures)} failed or timed out (5 s)")
    if latencies:
        print(f"  answered: p50 {percentile(latencies, 50) * 1000:.0f} ms, p99 {percentile(latencies, 99) * 1000:.0f} ms,"
              f" max {max(latencies) * 1000:.0f} ms")
    # A failed request counts as at least 5 s for the p99 over all requests.
    every = latencies + [5.0] * len(failures)
    print(f"  p99 over all requests (failures as 5 s): {percentile(every, 99) * 1000:.0f} ms")
    for kind, times in closed.items():
        n = {"slow-body": 300, "slow-header": 300, "slow-reading": 50}[kind]
        median = f", median after {statistics.median(times):.1f} s" if times else ""
        print(f"{kind}: {len(times)} of {n} dropped by the server during the run{median}")


# ---------------------------------------------------------------- sign-in burst

def burst_scenario(server, count=100):
    visitor = Browser(server.base)
    visitor.page("/login")
    cookie = "; ".join(f"{c.name}={c.value}" for c in visitor.jar)
    body = urllib.parse.urlencode({"_csrf": visitor.csrf, "email": EMAIL, "password": PASSWORD}).encode()
    statuses, lock = [], threading.Lock()
    barrier = threading.Barrier(count)

    def sign_in():
        barrier.wait()
        try:
            with socket.create_connection((HOST, server.port), timeout=60) as s:
                s.sendall((f"POST /login HTTP/1.1\r\nHost: {HOST}\r\nCookie: {cookie}\r\n"
                           f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
                           f"Connection: close\r\n\r\n").encode() + body)
                answer = s.recv(64)
                status = answer.split(b" ")[1].decode() if answer else "closed"
        except OSError as e:
            status = type(e).__name__
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=sign_in) for _ in range(count)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - t0
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    return counts, elapsed


def big_form(server, mib=300):
    """Posts a 300 MB form to /login as fast as loopback allows; returns the status or what happened."""
    try:
        with socket.create_connection((HOST, server.port), timeout=60) as s:
            s.sendall((f"POST /login HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       f"Content-Length: {mib * 1024 * 1024}\r\nConnection: close\r\n\r\n").encode())
            chunk = b"a" * (1024 * 1024)
            sent = 0
            try:
                for _ in range(mib):
                    s.sendall(chunk)
                    sent += 1
            except OSError:
                pass
            answer = s.recv(64)
            return (answer.split(b" ")[1].decode() if answer else "closed") + f" after {sent} MiB sent"
    except OSError as e:
        return type(e).__name__


def main():
    global SERVER_PORT
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".")
    parser.add_argument("--scenario", choices=["slow", "burst", "all"], default="all")
    parser.add_argument("--seconds", type=int, default=40)
    args = parser.parse_args()
    server = Server(args.root)
    SERVER_PORT = server.port
    try:
        original = prepare(server)
        print(f"server: {args.root} on port {server.port}, original {original}")
        if args.scenario in ("slow", "all"):
            latencies, failures, closed = asyncio.run(slow_scenario(original, args.seconds))
            report_slow(latencies, failures, closed, args.seconds)
            alive = Browser(server.base).request("/a/bench", timeout=10)[0]
            print(f"album page after the slow clients left: {alive}")
        if args.scenario in ("burst", "all"):
            rss0, heap0 = server.rss_mib(), server.heap_used_mib(collect=True)
            for round in (1, 2):
                counts, elapsed = burst_scenario(server)
                print(f"burst {round}: 100 sign-ins at once -> {counts} in {elapsed:.1f} s; "
                      f"RSS then {server.rss_mib():.0f} MiB")
            print(f"big form: 300 MB to /login -> {big_form(server)}")
            time.sleep(2)
            if server.process.poll() is not None:
                print("server died")
            else:
                print(f"web RSS: before {rss0:.0f} MiB, peak {server.rss_mib('VmHWM'):.0f} MiB, "
                      f"after {server.rss_mib():.0f} MiB")
                print(f"web heap used after a full GC: before {heap0:.0f} MiB, after "
                      f"{server.heap_used_mib(collect=True):.0f} MiB")
                print(f"album page afterwards: {Browser(server.base).request('/a/bench', timeout=10)[0]}")
        print(f"OutOfMemoryError in the server log: {server.out_of_memory_errors()}")
    finally:
        server.stop()
        shutil.rmtree(server.data, ignore_errors=True)


if __name__ == "__main__":
    import urllib.parse
    main()
