"""Headless Chromium driven over the DevTools protocol, for the view tests and benchmarks.

The protocol runs over a pipe (``--remote-debugging-pipe``: JSON messages ending in NUL on
file descriptors 3 and 4), so no TCP port is opened and no websocket package is needed.
Networking is blocked (an unreachable proxy, every host name resolving to nothing). Every
call is bounded by a timeout; everything the page reports (console calls, exceptions, log
entries, requests, dialogs) is collected.

    with Browser(find_chromium()) as browser:
        page = browser.open(Path("view.html"), ready="window.graphmodelView.drawn")
        page.console_errors, page.requests
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmodel.reporting.pdf import OFFLINE_FLAGS
from graphmodel.reporting.pdf import find_chromium as find_chromium  # (as the PDF finds it)

FLAGS = (*OFFLINE_FLAGS, "--remote-debugging-pipe")
WIDTH, HEIGHT = 1400, 900


class BrowserError(Exception):
    """Chromium failed, or did not answer within the time allowed."""


def apt_install(package: str, *, timeout: float = 900) -> str | None:
    """Install a Debian package with apt-get; None when done, else why it could not be."""
    if not shutil.which("apt-get"):
        return "apt-get is not available on this machine"
    if os.geteuid() != 0:
        return "apt-get needs root here"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", package]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return f"{' '.join(command)} took more than {timeout:.0f} s"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}"
    return None


def has_cjk_font() -> bool:
    """Whether fontconfig knows a font covering Chinese."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            timeout=30)
    return bool(listed.stdout.strip())


@dataclass
class PageReport:
    """What happened while a page was open."""

    url: str
    load_seconds: float = 0.0          # navigation start -> load event
    ready_seconds: float = 0.0         # navigation start -> the ``ready`` expression true
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


class Browser:
    """One headless Chromium with one tab; ``open`` pages in it one after another."""

    def __init__(self, executable: str, *, timeout: float = 60.0):
        self.executable, self.timeout = executable, timeout
        self.profile = tempfile.mkdtemp(prefix="gm-chromium-")
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self.session = ""

    # -- process -----------------------------------------------------------------------------

    def __enter__(self) -> Browser:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes() -> None:  # in the child: its fd 3 reads commands, fd 4 answers
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={WIDTH},{HEIGHT}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            close_fds=False, preexec_fn=wire_pipes)  # single-threaded here
        os.close(to_browser_r)
        os.close(from_browser_w)
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)
            attached = self.call("Target.attachToTarget",
                                 {"targetId": target["targetId"], "flatten": True},
                                 session=False)
            self.session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable")
            self.call("Emulation.setDeviceMetricsOverride",
                      {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                       "mobile": False})
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.process.poll() is None:
                with contextlib.suppress(BrowserError):
                    self.call("Browser.close", session=False, timeout=5)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            if self.process.stderr:
                self.process.stderr.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- protocol ----------------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True, timeout: float | None = None) -> dict[str, Any]:
        """Send one command and wait (bounded) for its answer; events seen meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise BrowserError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
                self._events.append(reply)

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"Chromium did not answer within the time allowed; "
                                   f"stderr: {self._stderr_tail()}")
            ready, _, _ = select.select([self._from_browser], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium exited: {self._stderr_tail()}")
                self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        return [json.loads(m) for m in messages if m]

    def _stderr_tail(self) -> str:
        if self.process.poll() is None or not self.process.stderr:
            return "(still running)"
        return self.process.stderr.read().decode(errors="replace")[-2000:]

    def evaluate(self, expression: str, *, timeout: float | None = None) -> Any:
        """The value of a JavaScript expression in the page (JSON-serializable values)."""
        result = self.call("Runtime.evaluate", {"expression": expression,
                                                "returnByValue": True, "awaitPromise": True},
                           timeout=timeout)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    # -- pages -------------------------------------------------------------------------------

    def open(self, path: Path, *, ready: str, timeout: float | None = None) -> PageReport:
        """Load a file:// page and wait (bounded) until ``ready`` evaluates true."""
        limit = timeout or self.timeout
        self._events.clear()
        report = PageReport(path.resolve().as_uri())
        start = time.monotonic()
        self.call("Page.navigate", {"url": report.url}, timeout=limit)
        deadline = start + limit
        check = f"document.readyState === 'complete' && Boolean({ready})"
        while True:
            done = self.evaluate(check, timeout=limit)  # also reads the events sent meanwhile
            if not report.load_seconds and any(e.get("method") == "Page.loadEventFired"
                                               for e in self._events):
                report.load_seconds = time.monotonic() - start
            if done:
                report.ready_seconds = time.monotonic() - start
                break
            if time.monotonic() > deadline:
                self._collect(report)
                raise BrowserError(f"{path.name}: not ready ({ready}) within {limit:.0f} s; "
                                   f"console errors: {report.console_errors}")
            self._handle_dialogs()
            time.sleep(0.05)
        self._collect(report)
        return report

    def _handle_dialogs(self) -> None:
        for event in self._events:
            if event.get("method") == "Page.javascriptDialogOpening" and not event.get("done"):
                event["done"] = True
                self.call("Page.handleJavaScriptDialog", {"accept": False})

    def _collect(self, report: PageReport) -> None:
        self._handle_dialogs()
        for event in self._events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                "assert"):
                report.console_errors.append(" ".join(
                    str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                report.console_errors.append(
                    details.get("exception", {}).get("description", details.get("text", "")))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                report.console_errors.append(params["entry"]["text"])
            elif method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Page.javascriptDialogOpening":
                report.dialogs.append(f"{params.get('type')}: {params.get('message')}")

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the viewport."""
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
