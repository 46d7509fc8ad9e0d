"""Start a throwaway Neo4j 5 with Graph Data Science for graphmodel's tests and benchmarks.

    python3 tests/neo4j_server.py --dir /tmp/gm-neo4j

builds the launcher in tests/neo4j_server/ (the first time Maven downloads Neo4j's test
server, neo4j-harness, and GDS into the usual local repository; later runs are offline), starts
it on 127.0.0.1 at a free port with auth on and a generated password, data under DIR, and
once Bolt accepts connections prints exactly these lines first on stdout:

    NEO4J_URI=bolt://127.0.0.1:PORT
    NEO4J_USERNAME=neo4j
    NEO4J_PASSWORD=...

It stays up until SIGTERM or SIGINT (or, with --exit-with-stdin, until its standard input
closes: the pytest fixture uses that so a killed test run leaves no server), then stops the
server and removes what it made under DIR. Java 17+ and Maven must be on PATH (or JAVA_HOME).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent / "neo4j_server"
TARGET = HERE / "target"
CLASSPATH = TARGET / "classpath.txt"
LAUNCHER_CLASS = TARGET / "classes" / "graphmodel" / "tests" / "Neo4jTestServer.class"
SOURCES = [HERE / "pom.xml",
           HERE / "src" / "main" / "java" / "graphmodel" / "tests" / "Neo4jTestServer.java"]
MAIN_CLASS = "graphmodel.tests.Neo4jTestServer"
USERNAME = "neo4j"
START_TIMEOUT = 180.0
STOP_TIMEOUT = 30.0


class LaunchError(Exception):
    """The server could not be built or started; the message says why."""


def java_command() -> str:
    """The java to run: JAVA_HOME's when set, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise LaunchError("java is not installed (Java 17 or newer is needed)")
    return found


def missing_tools() -> list[str]:
    """Which of Java and Maven this machine lacks (empty when the server can be built)."""
    missing = []
    try:
        java_command()
    except LaunchError:
        missing.append("java")
    if not shutil.which("mvn"):
        missing.append("mvn")
    return missing


def _built() -> bool:
    if not (CLASSPATH.is_file() and LAUNCHER_CLASS.is_file()):
        return False
    newest_source = max(path.stat().st_mtime for path in SOURCES)
    if min(CLASSPATH.stat().st_mtime, LAUNCHER_CLASS.stat().st_mtime) < newest_source:
        return False
    return all(Path(jar).is_file() for jar in CLASSPATH.read_text().split(os.pathsep) if jar)


def build() -> list[str]:
    """Compile the launcher and resolve its class path (offline when the jars are cached)."""
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _built():
            if not shutil.which("mvn"):
                raise LaunchError("mvn (Maven) is not installed: it builds the test server")
            goals = ["compile", "dependency:build-classpath", f"-Dmdep.outputFile={CLASSPATH}"]
            offline = _maven(["-o", *goals])
            if offline.returncode != 0:
                online = _maven(goals)
                if online.returncode != 0:
                    raise LaunchError("Maven could not build the test server:\n"
                                      + online.stdout[-4000:])
    jars = [jar for jar in CLASSPATH.read_text().split(os.pathsep) if jar]
    return [str(TARGET / "classes"), *jars]


def _maven(arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mvn", "-B", "-q", "-f", str(HERE / "pom.xml"), *arguments],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          stdin=subprocess.DEVNULL)


class TestServer:
    """One running launcher: ``start()``, then ``uri`` and ``password``; ``stop()`` frees DIR."""

    def __init__(self, folder: Path, heap: str = "2g", gds: bool = True):
        self.folder = folder.resolve()
        self.heap = heap
        self.gds = gds
        self.password = secrets.token_urlsafe(18)
        self.uri = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._made_folder = False
        self._before: set[str] = set()

    def start(self) -> None:
        classpath = build()
        if self.folder.exists():
            if not self.folder.is_dir():
                raise LaunchError(f"--dir {self.folder}: not a folder")
            self._before = {entry.name for entry in self.folder.iterdir()}
        else:
            self.folder.mkdir(parents=True)
            self._made_folder = True
        log = open(self.folder / "neo4j-test-server.log", "wb")  # noqa: SIM115 (kept open)
        environment = {**os.environ, "GRAPHMODEL_NEO4J_PASSWORD": self.password}
        self.process = subprocess.Popen(
            [java_command(), f"-Xmx{self.heap}", "-XX:+UseG1GC",
             # (Neo4j writes its log4j configuration as temporary files: keep them in DIR)
             f"-Djava.io.tmpdir={self.folder}",
             f"-Dgraphmodel.gds={str(self.gds).lower()}", "-cp", os.pathsep.join(classpath),
             MAIN_CLASS, str(self.folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=environment)
        log.close()
        ready = self._wait_ready()
        if ready is None:
            tail = (self.folder / "neo4j-test-server.log").read_text(errors="replace")[-3000:]
            self.stop()
            raise LaunchError(f"Neo4j did not start within {START_TIMEOUT:.0f} s:\n{tail}")
        self.uri = ready.rstrip("/")

    def _wait_ready(self) -> str | None:
        assert self.process is not None and self.process.stdout is not None
        found: list[str] = []

        def read() -> None:
            assert self.process is not None and self.process.stdout is not None
            for raw in self.process.stdout:
                line = raw.decode(errors="replace").strip()
                if line.startswith("READY ") and not found:
                    found.append(line.split(" ", 1)[1])
            # the pipe is drained to its end, so the server never blocks on it

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not found and self.process.poll() is None:
            time.sleep(0.05)
        return found[0] if found else None

    def stop(self) -> None:
        """Stop the server (it exits when its standard input closes) and remove its files."""
        process = self.process
        if process is not None and process.poll() is None:
            assert process.stdin is not None
            with contextlib.suppress(OSError):
                process.stdin.close()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.terminate()  # our own child: Popen holds its pid
                try:
                    process.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self._made_folder:
            shutil.rmtree(self.folder, ignore_errors=True)
        elif self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.name not in self._before:
                    if entry.is_dir() and not entry.is_symlink():
                        shutil.rmtree(entry, ignore_errors=True)
                    else:
                        entry.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="folder for the server's data (required)")
    parser.add_argument("--heap", default=os.environ.get("GRAPHMODEL_NEO4J_HEAP", "2g"),
                        help="the JVM's -Xmx (default 2g, or GRAPHMODEL_NEO4J_HEAP)")
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="also stop when standard input closes")
    parser.add_argument("--without-gds", action="store_true",
                        help="leave the Graph Data Science library out")
    parser.add_argument("--build-only", action="store_true",
                        help="build (download the jars when needed) and exit")
    options = parser.parse_args(argv)
    if options.build_only:
        try:
            build()
        except LaunchError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0

    if options.dir is None:
        parser.error("the following arguments are required: --dir")
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    server = TestServer(options.dir, options.heap, gds=not options.without_gds)
    try:
        server.start()
    except LaunchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"NEO4J_URI={server.uri}\nNEO4J_USERNAME={USERNAME}\nNEO4J_PASSWORD={server.password}",
          flush=True)
    if options.exit_with_stdin:
        def watch_stdin() -> None:
            while sys.stdin.buffer.read(1):
                pass
            stopping.set()
        threading.Thread(target=watch_stdin, daemon=True).start()
    assert server.process is not None
    while not stopping.wait(0.5):
        if server.process.poll() is not None:
            print(f"error: the Neo4j test server exited ({server.process.returncode}); "
                  f"see {server.folder / 'neo4j-test-server.log'}", file=sys.stderr)
            server.stop()
            return 1
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
