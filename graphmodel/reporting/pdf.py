"""Print the report page to PDF with headless Chromium, offline.

Chromium is found as the views' browser tests find it: ``$GRAPHMODEL_CHROMIUM``, else
``chromium``, ``chromium-browser`` or ``google-chrome`` on the PATH. It prints the page as
its A4 print styles lay it out, with no header or footer of its own; networking is closed
(an unreachable proxy, every host name unresolved) and the page's own policy allows no
connection anyway.

>>> find_chromium() is None or find_chromium().startswith("/")
True
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from graphmodel.errors import GraphmodelError
from graphmodel.i18n import Text
from graphmodel.scratch import replacing, scratch_folder

#: seconds Chromium may take to print one page
PRINT_TIMEOUT = 120
#: headless, quiet, and closed to the network: an unreachable proxy, no host name resolved
#: (the views' browser tests run Chromium with these too)
OFFLINE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-default-apps", "--mute-audio", "--proxy-server=127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND")
FLAGS = (*OFFLINE_FLAGS, "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw")


def find_chromium() -> str | None:
    """The Chromium executable: $GRAPHMODEL_CHROMIUM, else one on the PATH; None if none."""
    for candidate in (os.environ.get("GRAPHMODEL_CHROMIUM"), "chromium", "chromium-browser",
                      "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def require_chromium() -> str:
    """Chromium's path, or an error saying how to get one (before anything is written)."""
    found = find_chromium()
    if found is None:
        raise GraphmodelError(Text(
            "a PDF is printed by headless Chromium, which was not found (set "
            "GRAPHMODEL_CHROMIUM to its path, or install it: apt-get install chromium); "
            "-o report.html writes the page, which any browser prints"))
    return found


def print_pdf(page: Path, pdf: Path, chromium: str) -> None:
    """Print the HTML file ``page`` to ``pdf`` (a temporary file renamed into place)."""
    with scratch_folder(tempfile.gettempdir()) as profile, \
            replacing(pdf, suffix=".pdf") as printed:
        try:
            done = subprocess.run(
                [chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={printed}",
                 page.resolve().as_uri()],
                stdin=subprocess.DEVNULL, capture_output=True, text=True, errors="replace",
                timeout=PRINT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise GraphmodelError(Text("Chromium did not print the report within {seconds} "
                                       "s", seconds=PRINT_TIMEOUT)) from None
        if done.returncode != 0 or printed.stat().st_size == 0 or \
                not printed.read_bytes().startswith(b"%PDF"):
            raise GraphmodelError(Text("Chromium did not print the report (exit {code}): "
                                       "{said}", code=done.returncode,
                                       said=done.stderr.strip()[-400:] or "no message"))
