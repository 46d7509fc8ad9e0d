"""Faults on Neo4j behave as on the embedded store: a lost connection in the middle of a load
leaves the graph as it was, with a plain error; a refused dataset writes nothing.

The connection is lost for real: the CLI talks to the session's Neo4j through a small TCP
relay on 127.0.0.1 that cuts both sockets once the client has sent a given number of bytes.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from click.testing import CliRunner

from graphmodel.cli import main
from graphmodel.dataset import read_dataset
from graphmodel.loader import load
from tests.conftest import graph_dump
from tests.test_faults import make_register


class CuttingRelay:
    """Forwards 127.0.0.1:port to the server; cuts every connection once ``cut_after`` bytes
    went from clients to the server in all (None: never)."""

    def __init__(self, target: tuple[str, int], cut_after: int | None):
        self.target, self.cut_after = target, cut_after
        self.sent = 0
        self.cut = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False),
                             daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                if upstream:
                    with self._lock:
                        self.sent += len(data)
                        over = self.cut_after is not None and self.sent > self.cut_after
                    if over:
                        self.cut.set()
                        self.close_all()
                        return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close_all(self) -> None:
        for connection in self._sockets:
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        self.close_all()


@contextmanager
def relay(neo4j_uri: str, cut_after: int | None) -> Iterator[CuttingRelay]:
    host, port = neo4j_uri.split("://", 1)[1].rsplit(":", 1)
    found = CuttingRelay((host, int(port)), cut_after)
    try:
        yield found
    finally:
        found.close()


@pytest.mark.parametrize("replace", [True, False])
def test_a_connection_lost_mid_load_leaves_the_graph_as_it_was(neo4j_store, neo4j_uri,
                                                               tmp_path, replace):
    load(neo4j_store, read_dataset(make_register(tmp_path / "old", 300)))
    before = graph_dump(neo4j_store)
    new = make_register(tmp_path / "new", 6000)  # ~1 MB of rows: cut after 300 kB of them
    with relay(neo4j_uri, cut_after=300_000) as cutting:
        uri = f"bolt://127.0.0.1:{cutting.port}"
        result = CliRunner().invoke(main, ["--db", uri, "load", str(new),
                                           *(["--replace"] if replace else [])])
        assert cutting.cut.is_set()
    assert result.exit_code == 1, result.output
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert "connection" in result.output.lower()
    assert graph_dump(neo4j_store) == before


def test_the_relay_itself_passes_a_whole_load(neo4j_store, neo4j_uri, tmp_path):
    """(the relay is sound: without a cut the same load goes through it)"""
    new = make_register(tmp_path / "new", 2000)
    with relay(neo4j_uri, cut_after=None) as passing:
        result = CliRunner().invoke(main, ["--db", f"bolt://127.0.0.1:{passing.port}",
                                           "load", str(new), "--replace"])
    assert result.exit_code == 0, result.output
    assert neo4j_store.counts().labels["Enterprise"] == 2000


def test_a_refused_dataset_writes_nothing(neo4j_store, neo4j_uri, tmp_path):
    load(neo4j_store, read_dataset(make_register(tmp_path / "old", 50)))
    before = graph_dump(neo4j_store)
    bad = make_register(tmp_path / "bad", 80)
    with open(bad / "relationships.csv", "a", encoding="utf-8") as file:
        file.write("e1,nobody,PARTNERS_WITH,,,,\n")
    for extra in ([], ["--replace"]):
        result = CliRunner().invoke(main, ["--db", neo4j_uri, "load", str(bad), *extra])
        assert result.exit_code == 2, result.output
        assert "nobody" in result.output
    assert graph_dump(neo4j_store) == before
