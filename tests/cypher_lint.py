"""Lint Cypher statements with Neo4j's own linter (a test helper, not part of graphmodel).

The linter is the npm package ``@neo4j-cypher/language-support``, pinned exactly in
``tests/cypher_lint/package.json`` and its lock file, driven by ``tests/cypher_lint/lint.mjs``
(see that file's header for what the package checks and what the harness adds: closed-schema
checks of write clauses and endpoint checks of CREATE/MERGE patterns).

Typical use in a test::

    from tests import cypher_lint

    found = cypher_lint.lint({"q": "MATCH (e:Enterprise) RETURN e"}, schema)
    assert found["q"] == []

``schema`` is a dict with ``labels``, ``relationshipTypes``, ``propertyKeys`` (lists),
optional ``parameters`` (name -> example value or type; when absent, ``$params`` are not
checked) and optional ``paths`` (``[{"from": "PartyOrg", "type": "COVERS", "to": "Enterprise"}]``).
Each diagnostic is a dict with ``severity`` ("error" or "warning"), ``message``, ``line`` and
``column`` (both 1-based), ``offset`` (0-based) and ``source`` ("language-support" for the
package's own findings, "graphmodel-schema" for the harness's).

Needs Node >= 20.6 and npm on PATH; the first call runs ``npm ci`` (registry access) once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["CARTESIAN_PRODUCT", "LINT_DIR", "ensure_installed", "lint"]

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
_STAMP = LINT_DIR / "node_modules" / ".graphmodel-lock-sha256"
_MIN_NODE = (20, 6)  # import.meta.resolve without flags

#: Substring of Neo4j's performance notification for disconnected patterns, e.g.
#: ``MATCH (a:A {id: $a}), (b:B {id: $b}) MERGE (a)-[:R]->(b)``; pass it in ``ignore``.
CARTESIAN_PRODUCT = "cartesian product"


def _lock_digest() -> str:
    return hashlib.sha256((LINT_DIR / "package-lock.json").read_bytes()).hexdigest()


def _node_version(node: str) -> tuple[int, int]:
    out = subprocess.run(
        [node, "--version"], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", out)
    if not match:
        raise RuntimeError(f"cannot read the Node.js version from {out!r}")
    return int(match.group(1)), int(match.group(2))


@contextlib.contextmanager
def _install_lock() -> Iterator[None]:
    """Serialise concurrent installs (e.g. pytest-xdist workers) where flock exists."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX
        yield
        return
    key = hashlib.sha256(str(LINT_DIR).encode()).hexdigest()[:16]
    lock_path = Path(tempfile.gettempdir()) / f"graphmodel-cypher-lint-{key}.lock"
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_installed() -> Path:
    """Install the pinned linter with ``npm ci`` unless it is already installed and current.

    Returns the directory holding ``lint.mjs``. Raises RuntimeError when node or npm is
    missing, Node is too old, or ``npm ci`` fails.
    """
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if p is None)
        raise RuntimeError(
            f"the Cypher lint harness needs Node.js >= {_MIN_NODE[0]}.{_MIN_NODE[1]} and npm, "
            f"but {missing} {'are' if node is None and npm is None else 'is'} not on PATH"
        )
    if _node_version(node) < _MIN_NODE:
        raise RuntimeError(
            f"the Cypher lint harness needs Node.js >= {_MIN_NODE[0]}.{_MIN_NODE[1]}"
        )
    digest = _lock_digest()
    if _STAMP.is_file() and _STAMP.read_text().strip() == digest:
        return LINT_DIR
    with _install_lock():
        if _STAMP.is_file() and _STAMP.read_text().strip() == digest:
            return LINT_DIR
        # The pinned package declares engines node>=24 but its linter runs on Node 20;
        # --engine-strict=false keeps a user's engine-strict setting from refusing it.
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--engine-strict=false", "--loglevel=error"],
            cwd=LINT_DIR,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "npm_config_update_notifier": "false"},
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"npm ci failed in {LINT_DIR} (exit {proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}"
            )
        _STAMP.write_text(digest + "\n")
    return LINT_DIR


def lint(
    statements: Mapping[str, str],
    schema: Mapping[str, Any],
    *,
    ignore: Iterable[str] = (),
    timeout: float = 900,
) -> dict[str, list[dict[str, Any]]]:
    """Lint each statement against ``schema``; return its diagnostics by statement name.

    ``ignore`` lists message substrings whose diagnostics are dropped (e.g.
    ``CARTESIAN_PRODUCT``). All statements go to one ``node`` process: starting it costs a
    few seconds, each statement then about 0.1 s.
    """
    lint_dir = ensure_installed()
    node = shutil.which("node")
    assert node is not None  # checked by ensure_installed
    payload = {
        "schema": dict(schema),
        "statements": [{"name": name, "text": text} for name, text in statements.items()],
    }
    proc = subprocess.run(
        [node, str(lint_dir / "lint.mjs")],
        cwd=lint_dir,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lint.mjs failed (exit {proc.returncode}):\n{proc.stderr}")
    drop = tuple(ignore)
    return {
        result["name"]: [
            d for d in result["diagnostics"] if not any(s in d["message"] for s in drop)
        ]
        for result in json.loads(proc.stdout)
    }
