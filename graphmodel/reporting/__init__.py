"""``graphmodel report``: the page of figures an officer hands up, as HTML or PDF.

Three steps, one module each: ``figures.gather`` asks the analyses (coverage, indicators,
plan, clusters, trend) for the day's figures; ``page.render`` lays them out as one
self-contained page with its charts; ``pdf.print_pdf`` prints that page through headless
Chromium when ``-o`` ends in ``.pdf``. Nothing is written on an error.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     report(store, "report.html", target=0.68).figures["total"]["formation_rate"]
0.5
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphmodel.errors import UsageError
from graphmodel.i18n import Text, _
from graphmodel.results import Report
from graphmodel.scratch import replacing, scratch_folder
from graphmodel.store.base import GraphStore

SUFFIXES = (".html", ".htm", ".pdf")


@dataclass
class ReportPage(Report):
    """Where the report was written and the figures it shows (its ``--format json``)."""

    path: str
    kind: str  # "html" or "pdf"
    figures: dict[str, Any] = field(default_factory=dict)

    TABLES_IN_TERMINAL = False

    def footer(self) -> list[str]:
        total = self.figures["total"]
        rate = total["formation_rate"]
        return [_("wrote {path}: figures as of {day}, {units:,} units in scope, formation "
                  "rate {rate}").format(path=self.path, day=self.figures["as_of"],
                                        units=total["in_scope"],
                                        rate="-" if rate is None else f"{rate:.1%}")]


def check_output(output: str | os.PathLike[str]) -> str:
    """The kind of page ``output`` names (html or pdf), or a UsageError before any work."""
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(Text("-o {output}: the report is an HTML page (*.html) or a PDF "
                              "(*.pdf)", output=str(output)))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(Text("-o {output}: the folder {folder} does not exist",
                              output=str(output), folder=str(folder)))
    return "pdf" if suffix == ".pdf" else "html"


def report(store: GraphStore, output: str | os.PathLike[str], *, target: float | None = None,
           province_average: float | None = None, as_of: str | None = None) -> ReportPage:
    """Write the report page of the graph as of ``as_of`` (default today) to ``output``
    (.html, or .pdf printed by headless Chromium), against ``target`` and the
    ``province_average`` double-coverage rate when given."""
    from graphmodel.reporting import figures, page, pdf

    kind = check_output(output)
    for name, rate in (("--target", target), ("--province-average", province_average)):
        if rate is not None and not 0 <= rate <= 1:
            raise UsageError(Text("{option} {rate}: expected a rate between 0 and 1, e.g. "
                                  "0.68", option=name, rate=rate))
    chromium = pdf.require_chromium() if kind == "pdf" else None
    gathered = figures.gather(store, target=target, province_average=province_average,
                              as_of=as_of).to_dict()
    text = page.render(gathered)
    target_path = Path(output)
    if chromium is None:
        with replacing(target_path) as temporary:
            temporary.write_text(text, encoding="utf-8", newline="\n")
    else:
        folder = target_path.parent if str(target_path.parent) else Path(".")
        with scratch_folder(folder) as scratch:
            (scratch / "report.html").write_text(text, encoding="utf-8", newline="\n")
            pdf.print_pdf(scratch / "report.html", target_path, chromium)
    return ReportPage(str(output), kind, gathered)
