"""``graphmodel view``: prepare the scope asked for, then draw its page.

The two halves live apart: graphmodel/analysis/scopes.py reads and works out what a view
shows (from the store or a projection), graphmodel/views/ only draws it.

>>> from graphmodel.store import open_store
>>> with open_store("/tmp/gm-doc", "pingfang") as store:          # doctest: +SKIP
...     view(store, "xinwei.html", street="新偉街").nodes
9
"""

from __future__ import annotations

import os
from pathlib import Path

from graphmodel.analysis.asof import as_of as at_day
from graphmodel.analysis.asof import today
from graphmodel.analysis.projection import Projection
from graphmodel.analysis.scopes import prepare
from graphmodel.errors import UsageError
from graphmodel.gcpause import gc_paused
from graphmodel.i18n import Text
from graphmodel.store.base import GraphStore
from graphmodel.views.view import ViewReport, draw


@gc_paused
def view(source: GraphStore | Projection, output: str | os.PathLike[str], *,
         zone: str | None = None, street: str | None = None, ego: str | None = None,
         depth: int = 1, cluster: int | str | None = None, summary_view: bool = False,
         max_nodes: int | None = None, max_edges: int | None = None,
         as_of: str | None = None, target: float | None = None) -> ViewReport:
    """Write the HTML view of one scope (default: the whole graph) to ``output``, as of
    ``as_of`` (an ISO date, default today: graphmodel/analysis/asof.py); see
    ``scopes.prepare`` for the scopes, names and limits. ``target`` (a rate, 0.68) colours
    the summary around it and gives every page's figures the gap to it. Nothing is written
    on a UsageError."""
    if not str(output).lower().endswith((".html", ".htm")):
        raise UsageError(Text("-o {output}: the view is an HTML page; name it *.html",
                              output=str(output)))
    folder = Path(output).parent
    if not folder.is_dir():
        raise UsageError(Text("-o {output}: the folder {folder} does not exist",
                              output=str(output), folder=str(folder)))
    source = at_day(source, as_of or today())
    prepared = prepare(source, zone=zone, street=street, ego=ego, depth=depth,
                       cluster=cluster, summary_view=summary_view, max_nodes=max_nodes,
                       max_edges=max_edges, target=target)
    return draw(prepared, output)
