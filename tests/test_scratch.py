"""Scratch left by a killed command is cleared by the next write into the same folder, and
nothing that may belong to a running command, another user or someone else's file is."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphmodel.scratch import PREFIX, _start_time, sweep
from tests.test_faults import finish, graphmodel, make_register


def scratch_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(PREFIX))


def test_an_export_killed_midway_leaves_scratch_that_the_next_export_clears(
        fresh_folder, tmp_path):
    assert finish(graphmodel(fresh_folder, "load",
                             str(make_register(tmp_path / "reg", 60_000))))[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    exporting = graphmodel(fresh_folder, "export", "-o", str(out / "district.json"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not scratch_in(out) and exporting.poll() is None:
        time.sleep(0.005)
    exporting.kill()  # SIGKILL: none of the export's own clean-up runs
    finish(exporting)
    left = scratch_in(out)
    assert left, "the kill came too late to leave the export's staging folder"
    assert not (out / "district.json").exists()

    code, _, err = finish(graphmodel(fresh_folder, "export", "-o", str(out / "district.json")))
    assert code == 0, err
    assert os.listdir(out) == ["district.json"]


def _kill_self_inside(kind: str, folder: Path) -> None:
    """A real process that opens a scratch of ``kind`` in ``folder`` and is SIGKILLed."""
    opened = ("scratch_folder(sys.argv[1])" if kind == "folder"
              else "replacing(sys.argv[1] + '/page.html')")
    code = ("import os, signal, sys\n"
            "from graphmodel.scratch import replacing, scratch_folder\n"
            f"with {opened} as scratch:\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", code, str(folder)], check=False)
    assert done.returncode == -signal.SIGKILL


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_scratch_of_a_killed_process_is_swept_and_nothing_else(tmp_path, kind):
    _kill_self_inside(kind, tmp_path)
    (left,) = scratch_in(tmp_path)
    assert not (tmp_path / "page.html").exists()

    mine = tmp_path / f"{PREFIX}{os.getpid()}-{_start_time(os.getpid())}-live"
    mine.mkdir()  # a running command's (this one's): kept
    foreign = [tmp_path / f"{PREFIX}x", tmp_path / "report.html",
               tmp_path / f".export-{os.getpid()}"]  # not ours by name: kept
    for path in foreign:
        path.write_text("keep")
    reused = tmp_path / f"{PREFIX}1-0-reused"  # pid 1 runs, but did not start at tick 0
    reused.write_text("x")

    assert sorted(sweep(tmp_path)) == sorted([left, reused.name])
    assert scratch_in(tmp_path) == [mine.name, foreign[0].name]
    assert all(path.read_text() == "keep" for path in foreign)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_scratch_of_another_user_is_never_swept(tmp_path):
    _kill_self_inside("folder", tmp_path)
    (left,) = scratch_in(tmp_path)
    os.chown(tmp_path / left, 65534, 65534)
    assert sweep(tmp_path) == []
    assert scratch_in(tmp_path) == [left]
