"""graphmodel: registers of organizations as a Cypher graph, with coverage and cluster analyses.

The commands of ``graphmodel`` as Python functions, for notebooks and scripts. Every result
has ``.to_dict()`` (exactly its command's ``--format json``) and ``.to_pandas()`` (with the
optional pandas extra); library code prints nothing: what a command would say on stderr is
in ``store.notices`` or raised as a :class:`GraphmodelError`.

>>> import graphmodel as gm
>>> with gm.open_store("/tmp/gm-doc", "pingfang") as store:             # doctest: +SKIP
...     gm.load(store, gm.read_dataset("examples/pingfang"), replace=True)
...     report = gm.coverage(store, by="street", target=0.68)
>>> report.to_dict()["total"]["formation_rate"]                        # doctest: +SKIP
0.5
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from graphmodel.errors import GraphmodelError, QueryError, StoreError, UsageError

if TYPE_CHECKING:
    import networkx as nx

    from graphmodel.analysis.centrality import CentralityReport
    from graphmodel.analysis.clusters import ClusterReport
    from graphmodel.analysis.coverage import CoverageReport
    from graphmodel.analysis.ledger import LedgerReport
    from graphmodel.analysis.plan import PlanReport
    from graphmodel.analysis.trend import TrendReport
    from graphmodel.dataset import Dataset
    from graphmodel.exporting import ExportReport
    from graphmodel.loader import LoadReport
    from graphmodel.reporting import ReportPage
    from graphmodel.store.base import GraphCounts, GraphStore, QueryResult
    from graphmodel.synth import GenerateReport
    from graphmodel.views.view import ViewReport


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("graphmodel")
    except PackageNotFoundError:  # (run from a checkout that was never installed)
        return "0+unknown"


__version__ = _version()

__all__ = [
    "GraphmodelError",
    "QueryError",
    "StoreError",
    "UsageError",
    "__version__",
    "centrality",
    "clusters",
    "coverage",
    "export",
    "generate",
    "ledger",
    "load",
    "open_store",
    "plan",
    "query",
    "read_dataset",
    "report",
    "stats",
    "to_networkx",
    "trend",
    "view",
]

PathText = str | os.PathLike[str]


def open_store(db: PathText | None = None, graph: str | None = None) -> GraphStore:
    """The graph store ``--db``/``--graph`` name, as a context manager that closes it.

    ``db``: an embedded data folder, or a Neo4j URI (``bolt://user:pass@host:7687``,
    ``neo4j+s://...``); default $GRAPHMODEL_DB, else the per-user folder. ``graph``: the
    graph name (embedded) or database (Neo4j).
    """
    from graphmodel.store import open_store as opening

    return opening(db, graph)


def read_dataset(path: PathText, encoding: str | None = None) -> Dataset:
    """Read and validate a dataset (a CSV folder or a JSON file) without writing anything;
    a :class:`UsageError` lists every problem, each with file, row and column. Text files
    are read in ``encoding`` when given, else in the one their bytes show (UTF-8, UTF-16
    with BOM, GB18030, Big5; a doubtful one is refused)."""
    from graphmodel.dataset import read_dataset as reading

    return reading(path, encoding)


def load(store: GraphStore, dataset: Dataset | PathText, *, replace: bool = False,
         sync: bool = False, progress: Callable[[int], None] | None = None,
         announce: Callable[[list[Any]], None] | None = None) -> LoadReport:
    """Write a dataset (or the dataset at a path) into the graph; with ``replace`` the graph
    becomes exactly the dataset, atomically; with ``sync`` the organizations it does not
    hold are removed in the same write (``announce`` is told them first). ``progress`` gets
    rows written as they are."""
    from graphmodel.loader import load as loading

    if isinstance(dataset, str | os.PathLike):
        dataset = read_dataset(dataset)
    return loading(store, dataset, replace=replace, sync=sync, progress=progress,
                   announce=announce)


def stats(store: GraphStore) -> GraphCounts:
    """Nodes per label and relationships per type."""
    return store.counts()


def query(store: GraphStore, cypher: str | None = None, params: dict[str, Any] | None = None,
          *, saved: str | None = None, write: bool = False,
          timeout: float | None = None) -> QueryResult:
    """Run one Cypher statement, or the saved query named ``saved``, with parameters; read
    only unless ``write``; stopped after ``timeout`` seconds (reads: 60 unless given).

    >>> with open_store() as store:                                   # doctest: +SKIP
    ...     query(store, saved="should-build", params={"min_members": 5}).to_dict()[:1]
    """
    from graphmodel import querying

    return querying.run_query(store, cypher, params or {}, saved=saved, write=write,
                              timeout=timeout)


def coverage(store: GraphStore, by: str | None = None, target: float | None = None,
             as_of: str | None = None) -> CoverageReport:
    """Party-organization coverage of the in-scope units, in total or ``by`` zone, street,
    industry or size; with ``target`` (e.g. 0.68) the gap in units per group; as of the day
    ``as_of`` (an ISO date, default today)."""
    from graphmodel.analysis.coverage import coverage as measuring

    return measuring(store, by=by, target=target, as_of=as_of)


def ledger(store: GraphStore, *, zone: str | None = None, street: str | None = None,
           target: float | None = None, as_of: str | None = None) -> LedgerReport:
    """The ledger (台賬): per street (of one ``zone``, or one ``street``, by id or name) its
    coverage figures and every in-scope unit with its status, coverer and planned action."""
    from graphmodel.analysis.ledger import ledger as keeping

    return keeping(store, zone=zone, street=street, target=target, as_of=as_of)


def plan(store: GraphStore, *, zone: str | None = None, street: str | None = None,
         as_of: str | None = None, target: float | None = None,
         by: str = "street") -> PlanReport:
    """What each unit without an organization should build, and with whom; only the units
    of one ``zone`` or ``street`` (by id or name) when given; as of ``as_of`` (default
    today); with ``target``, what the plan achieves per street (or zone, ``by``)."""
    from graphmodel.analysis.plan import plan as planning

    return planning(store, zone=zone, street=street, as_of=as_of, target=target, by=by)


def trend(store: GraphStore, *, start: str, end: str, every: str = "year",
          by: str | None = None) -> TrendReport:
    """Coverage at the end of each year, quarter or month from ``start`` to ``end`` (ISO
    dates), in total and ``by`` zone or street."""
    from graphmodel.analysis.trend import trend as following

    return following(store, start=start, end=end, every=every, by=by)


def clusters(store: GraphStore, *, min_size: int = 2, resolution: float = 1.0,
             method: str = "auto") -> ClusterReport:
    """Partnership clusters and their brokers (method: auto, networkx, igraph or gds)."""
    from graphmodel.analysis.clusters import clusters as clustering

    return clustering(store, min_size=min_size, resolution=resolution, method=method)


def centrality(store: GraphStore, *, top: int | None = 20,
               method: str = "auto") -> CentralityReport:
    """The organizations of the cooperation graph by betweenness, with degree, cluster and
    coverage status (``top`` None: all of them)."""
    from graphmodel.analysis.centrality import centrality as ranking

    return ranking(store, top=top, method=method)


def view(store: GraphStore, output: PathText, *, zone: str | None = None,
         street: str | None = None, ego: str | None = None, depth: int = 1,
         cluster: int | str | None = None, summary: bool = False,
         as_of: str | None = None, target: float | None = None) -> ViewReport:
    """Write the interactive HTML view of one scope (default: the whole graph) to
    ``output``, one self-contained page, as of ``as_of`` (default today); zones, streets,
    centres and clusters by id or name; ``target`` (0.68) colours the summary around it."""
    from graphmodel.viewing import view as drawing

    return drawing(store, output, zone=zone, street=street, ego=ego, depth=depth,
                   cluster=cluster, summary_view=summary, as_of=as_of, target=target)


def report(store: GraphStore, output: PathText, *, target: float | None = None,
           province_average: float | None = None, as_of: str | None = None) -> ReportPage:
    """Write the report page to hand up (``output``: .html, or .pdf through headless
    Chromium) as of ``as_of`` (default today): headline figures, the 雙百一超 indicators
    (against ``province_average``), rates per zone and street against ``target``, modes,
    the plan, the largest clusters and the trend.

    >>> with open_store() as store:                                   # doctest: +SKIP
    ...     report(store, "report.html", target=0.68).figures["indicators"]
    """
    from graphmodel.reporting import report as reporting

    return reporting(store, output, target=target, province_average=province_average,
                     as_of=as_of)


def export(store: GraphStore, output: PathText, *, to: str | None = None,
           encoding: str = "utf-8", force: bool = False, strict: bool = False,
           progress: Callable[[int], None] | None = None, zone: str | None = None,
           street: str | None = None, ego: str | None = None, depth: int = 1,
           cluster: int | None = None) -> ExportReport:
    """Write the graph (or the part ``zone``, ``street``, ``ego`` with ``depth``, or
    ``cluster`` names) in the format ``to``: "contract" (a CSV folder or a ``.json`` file),
    "xlsx", "graphml", "gexf", "node-link" or "neo4j-admin"; default: the one the name asks
    for."""
    from graphmodel.exporting import export as exporting

    return exporting(store, output, to=to, encoding=encoding, force=force, strict=strict,
                     progress=progress, zone=zone, street=street, ego=ego, depth=depth,
                     cluster=cluster)


def generate(orgs: int, out: PathText, *, seed: int = 1, force: bool = False,
             years: tuple[int, int] | None = None,
             provenance: str | None = None) -> GenerateReport:
    """Write a synthetic district of ``orgs`` units (a dataset in the contract) into ``out``;
    a dataset already there is kept unless ``force``; dated over ``years`` (first, last);
    ``provenance`` in every row's provenance cell."""
    from graphmodel import synth

    return synth.generate(orgs, seed, out, force=force, years=years, provenance=provenance)


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph as a NetworkX MultiDiGraph: nodes keyed by their ``id`` with every
    property and ``labels``; edges keyed by relationship type with every property.

    A node without an ``id`` (made by a query, outside the contract) is keyed
    ``"~N"`` by the engine's own number for it, so that nothing is dropped.
    """
    from graphmodel.analysis.projection import whole_graph

    return whole_graph(store)
