"""The ``graphmodel`` command: a thin click layer over the library's functions.

Each command parses options, opens the store, calls the library function of the same name
and renders its result; errors become plain messages (exit 2 for bad input, 1 for the store).

    $ graphmodel demo
    $ graphmodel --graph pingfang query "MATCH (z:Zone) RETURN z.name"
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

import click

from graphmodel.helptext import HelpGroup

if TYPE_CHECKING:
    from graphmodel.results import Report
    from graphmodel.store.base import GraphStore

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True, help="Output format.")
def _output_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """-o FILE is checked as it is read: a suffix no writer handles is refused (exit 2)
    before a server is started or anything is written."""
    if value is not None:
        from graphmodel.output import suffix_of

        suffix_of(value)
    return value


OUTPUT_OPTION = click.option(
    "-o", "--output", metavar="FILE", callback=_output_file,
    help="Also write the result to FILE: .xlsx (a workbook), .csv (UTF-8 with BOM, for Excel) "
         "or .json.")


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--as-of is read as it is given: a date that is none is refused before work starts."""
    if value is None:
        return None
    from graphmodel.analysis.asof import parse_day

    return parse_day(value)


AS_OF_OPTION = click.option(
    "--as-of", "as_of", metavar="DATE", callback=_day,
    help="The day the figures are of, e.g. 2017-07-31 (default: today): organizations "
         "closed by then and COVERS or GUIDES ended by then count for nothing.")


def _encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """load --encoding names a text encoding Python knows, or is refused before any work."""
    import codecs

    if value is not None:
        from graphmodel.i18n import _

        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(_("{value!r} is no text encoding (for example utf-8, "
                                       "gb18030, big5, utf-16)").format(value=value), ctx,
                                     param) from None
    return value


PROGRESS_FROM_ROWS = 20_000  # loads and exports this small finish before a bar is of use


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--lang, else $GRAPHMODEL_LANG, else the locale: the language is set before anything
    else is read (graphmodel/i18n.py)."""
    from graphmodel.i18n import LanguageError, set_language

    try:
        set_language(value)
    except LanguageError as error:
        raise click.BadParameter(str(error), ctx, param) from None


class GraphmodelGroup(HelpGroup):
    """Turns graphmodel's own errors into messages and exit codes instead of tracebacks; its
    commands' help is written in the chosen language (graphmodel/helptext.py)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # (``graphmodel --help`` may be read before --lang is)
            from graphmodel.i18n import LanguageError, set_language

            with suppress(LanguageError):  # (--lang's callback refuses it, naming the choices)
                set_language(None)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from graphmodel.errors import GraphmodelError, StoreError
        from graphmodel.i18n import _

        try:
            return super().invoke(ctx)
        except GraphmodelError as error:
            click.echo(_("error: {message}").format(message=error.localized()), err=True)
            ctx.exit(1 if isinstance(error, StoreError) else 2)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:  # a file that cannot be written (full disk, no permission)
            where = f": {error.filename}" if error.filename else ""
            click.echo(_("error: {message}").format(
                message=f"{error.strerror or error}{where}"), err=True)
            ctx.exit(1)
        except RecursionError:
            click.echo(_("error: {message}").format(
                message=_("the input nests too deep to be read")), err=True)
            ctx.exit(2)
        except Exception as error:  # never a traceback; GRAPHMODEL_DEBUG=1 shows it
            import os

            if os.environ.get("GRAPHMODEL_DEBUG"):
                raise
            click.echo(_("error: {message}").format(
                message=_("unexpected {kind}: {error} (a bug in graphmodel; GRAPHMODEL_DEBUG=1 "
                          "shows where)").format(kind=type(error).__name__, error=error)),
                err=True)
            ctx.exit(1)


@click.group(cls=GraphmodelGroup)
@click.option("--db", metavar="URI",
              help="Embedded data folder (default $GRAPHMODEL_DB or ~/.local/share/graphmodel)"
                   ", or a Neo4j URI: neo4j://host:7687, bolt://..., neo4j+s://...")
@click.option("--graph", metavar="NAME",
              help="Graph name (embedded; default 'graphmodel') or Neo4j database "
                   "(default: the server's).")
@click.option("--lang", metavar="zh|zh-Hant|en", is_eager=True, expose_value=False,
              callback=_language,
              help="Language of tables, messages and pages: zh (Simplified), zh-Hant "
                   "(Traditional) or en (default $GRAPHMODEL_LANG, else the locale's: zh_CN "
                   "and zh_SG zh, zh_TW, zh_HK and zh_MO zh-Hant, else en). JSON is the same "
                   "in every language.")
@click.version_option(package_name="graphmodel")
@click.pass_context
def main(ctx: click.Context, db: str | None, graph: str | None) -> None:
    """Registers of organizations as a Cypher graph: load, measure coverage, query, view."""
    import os

    # what the library says while it works (waiting for another writer ...): a note on stderr
    library = logging.getLogger("graphmodel")
    library.handlers[:] = [_Notes()]
    library.setLevel(logging.INFO)
    # $GRAPHMODEL_DB may hold a Neo4j URI as well as a folder: it is read once, here
    ctx.obj = {"db": db or os.environ.get("GRAPHMODEL_DB") or None, "graph": graph}


class _Notes(logging.Handler):
    """Shows what the library logs as ``note: ...`` lines on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        from graphmodel.i18n import Text

        # (a Text logged alone is kept, to be said in the chosen language)
        _note(record.msg if isinstance(record.msg, Text) and not record.args
              else record.getMessage())


def _note(message: str) -> None:
    """A ``note: ...`` line on stderr, in the chosen language."""
    from graphmodel.i18n import _, localized

    click.echo(_("note: {message}").format(message=localized(message)), err=True)


@contextmanager
def opened_store(ctx: click.Context, graph: str | None = None, *,
                 must_exist: bool = True) -> Iterator[GraphStore]:
    """Open the store of --db/--graph for one command, telling the user what they should know;
    a graph that does not exist is refused (exit 2) unless the command may create it."""
    from graphmodel.graphs import require_graph
    from graphmodel.store import open_store

    store = open_store(ctx.obj["db"], graph or ctx.obj["graph"])
    try:
        for notice in store.notices:  # (first: a recovered server is news even without a graph)
            _note(notice)
        shown = len(store.notices)
        if must_exist:
            require_graph(store)
        yield store
        for notice in store.notices[shown:]:  # (what the command itself came across)
            _note(notice)
    finally:
        store.close()


def show(report: Report, fmt: str, output: str | None = None) -> None:
    """Print a result as its command's table, CSV or JSON: the one way every command does it;
    with ``output``, write it to that file too (its suffix decides the format)."""
    from graphmodel import render

    if output is not None:
        from graphmodel import output as writing
        from graphmodel.i18n import _

        written = writing.write(report, output)
        click.echo(_("wrote {path}").format(path=written), err=True)

    if fmt == "json":
        click.echo(render.json_text(report.to_dict()))
        return
    tables = report.tables()
    if fmt == "csv":
        first = tables[0] if tables else None
        click.echo(render.table_csv(first) if first else "")
        return
    if tables and report.TABLES_IN_TERMINAL:
        click.echo(render.text_tables(tables))
    footer = report.footer()
    if footer:
        click.echo(("\n" if tables and report.TABLES_IN_TERMINAL else "") + "\n".join(footer))


@main.command()
@click.argument("path", type=click.Path())
@click.option("--replace", is_flag=True,
              help="Replace the whole graph with this dataset, atomically: readers see the old "
                   "graph until the new one is complete; a failed load changes nothing.")
@click.option("--sync", is_flag=True,
              help="Also remove the organizations the graph holds and the register does not "
                   "(with their relationships), in the same write; they are listed first.")
@click.option("--encoding", metavar="NAME", callback=_encoding,
              help="The text encoding of the CSV or JSON files (utf-8, gb18030, big5, "
                   "utf-16 ...), when it cannot be told from their bytes; by default UTF-8 "
                   "(with or without BOM), UTF-16 with BOM, GB18030 and Big5 are recognised "
                   "and a doubtful file is refused.")
@FORMAT_OPTION
@click.pass_context
def load(ctx: click.Context, path: str, replace: bool, sync: bool, encoding: str | None,
         fmt: str) -> None:
    """Validate a dataset (CSV folder, NAME.csv, JSON file or workbook) and write it.

    NAME.csv holds the organizations, NAME.relationships.csv beside it the relationships (as
    `export -o NAME.csv` writes them).

    Nothing is written unless the whole dataset is valid. Loading the same data twice
    leaves the same counts. Into a graph that holds organizations, says how many were
    added, changed and left untouched, and names those the register does not hold.
    """
    import graphmodel
    from graphmodel.loader import total_rows

    dataset = graphmodel.read_dataset(path, encoding)
    with opened_store(ctx, must_exist=False) as store, \
            _progress(total_rows(dataset)) as step:
        report = graphmodel.load(store, dataset, replace=replace, sync=sync, progress=step,
                                 announce=_announce_removal)
    show(report, fmt)


def _announce_removal(absent: list[Any]) -> None:
    """What load --sync removes, said on stderr before it goes."""
    from graphmodel.i18n import _, code

    click.echo(_("removing {count} organizations the register does not hold, with their "
                 "relationships:").format(count=len(absent)), err=True)
    for organization in absent:
        click.echo(f"  {organization.id} ({code('label', organization.label)}) "
                   f"{organization.name or ''}", err=True)


@contextmanager
def _progress(total: int, label: str = "loading") -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long loads and exports; nothing for short ones."""
    from graphmodel.i18n import pgettext

    if total < PROGRESS_FROM_ROWS:
        yield None
        return
    with click.progressbar(length=total, label=pgettext("progress", label),
                           file=sys.stderr) as bar:
        yield bar.update


@main.command()
@FORMAT_OPTION
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count nodes per label and relationships per type."""
    import graphmodel

    with opened_store(ctx) as store:
        show(graphmodel.stats(store), fmt)


@main.command()
@click.argument("cypher", required=False)
@click.option("--file", "file", type=click.File(encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@click.option("--saved", metavar="NAME", help="Run a saved query of the Cypher library.")
@click.option("--list", "list_saved", is_flag=True,
              help="List the saved queries with what they answer and their parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; JSON values are typed (5, [1,2], {\"a\":1}, true), "
                   "anything else is text. Repeatable.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this many seconds (default 60 for a read-only "
                   "query; a --write query has no limit unless given).")
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def query(ctx: click.Context, cypher: str | None, file: Any, saved: str | None,
          list_saved: bool, params: tuple[str, ...], write: bool, timeout: float | None,
          output: str | None, fmt: str) -> None:
    """Run a Cypher query (read-only unless --write) and print its rows."""
    import graphmodel
    from graphmodel import querying
    from graphmodel.errors import UsageError
    from graphmodel.i18n import _

    if list_saved:
        show(querying.SavedQueries.listed(), fmt)
        return
    if sum(x is not None for x in (cypher, file, saved)) != 1:
        raise UsageError(_("give the query as an argument, with --file or with --saved "
                           "(exactly one of them)"))
    values = dict(querying.parse_param(p) for p in params)
    statement = cypher if cypher is not None else file.read() if file is not None else None
    querying.check_saved(saved, values)  # (before a server is started for it)
    with opened_store(ctx, must_exist=not write) as store:
        result = graphmodel.query(store, statement, values, saved=saved, write=write,
                                  timeout=timeout)
    show(result, fmt, output)


@main.command()
@click.option("--by", type=click.Choice(["zone", "street", "industry", "size"]),
              help="Group units by zone, street, industry or size (default: total only).")
@click.option("--target", metavar="RATE",
              help="Target formation rate, 0.68 or 68%: adds the gap in units.")
@AS_OF_OPTION
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def coverage(ctx: click.Context, by: str | None, target: str | None, as_of: str | None,
             output: str | None, fmt: str) -> None:
    """Party-organization coverage of in-scope units, by mode, with formation rates."""
    import graphmodel
    from graphmodel.analysis.coverage import parse_rate

    rate = parse_rate(target) if target is not None else None  # (before a server starts)
    with opened_store(ctx) as store:
        report = graphmodel.coverage(store, by=by, target=rate, as_of=as_of)
    show(report, fmt, output)


@main.command()
@click.option("--zone", metavar="ID|NAME", help="Only the streets of this zone.")
@click.option("--street", metavar="ID|NAME", help="Only this street.")
@click.option("--target", metavar="RATE",
              help="Target formation rate, 0.68 or 68%: adds each street's gap in units.")
@AS_OF_OPTION
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def ledger(ctx: click.Context, zone: str | None, street: str | None, target: str | None,
           as_of: str | None, output: str | None, fmt: str) -> None:
    """The ledger (台賬): per street, its figures and every in-scope unit.

    Each unit with its status, the mode and party organization covering it, and the plan's
    action; the figures are those of `coverage --by street`. CSV holds the figures per
    street; JSON everything.
    """
    import graphmodel
    from graphmodel.analysis.coverage import parse_rate

    rate = parse_rate(target) if target is not None else None
    with opened_store(ctx) as store:
        report = graphmodel.ledger(store, zone=zone, street=street, target=rate, as_of=as_of)
    show(report, fmt, output)


@main.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@AS_OF_OPTION
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, as_of: str | None, output: str | None,
         fmt: str) -> None:
    """Compare two versions of a register: alerts, changes, totals before and after.

    OLD and NEW are each a dataset `load` reads (a CSV folder, a JSON file, a workbook) or
    graph:NAME, a graph in the store. Statuses are as of --as-of (default today).
    """
    from graphmodel.analysis.asof import today
    from graphmodel.diffing import compare

    registers = [_register(ctx, side) for side in (old, new)]
    show(compare(*registers, day=as_of or today(), old_name=old, new_name=new), fmt, output)


def _register(ctx: click.Context, side: str) -> Any:
    """One side of `diff`: a dataset path, or graph:NAME in the store of --db."""
    import graphmodel
    from graphmodel.diffing import Register

    if side.startswith("graph:"):
        with opened_store(ctx, side.removeprefix("graph:")) as store:
            return Register.of_graph(store)
    return Register.of_dataset(graphmodel.read_dataset(side))


@main.command()
@click.option("--from", "start", required=True, metavar="YEAR|MONTH|DATE",
              help="The first day: 2016 (its 1 January), 2016-07 or 2016-07-15.")
@click.option("--to", "end", metavar="YEAR|MONTH|DATE",
              help="The last day: 2017 (its 31 December), 2017-07 or 2017-07-31; default "
                   "today.")
@click.option("--every", type=click.Choice(["year", "quarter", "month"]), default="year",
              show_default=True, help="A point at the end of each period (and on --to).")
@click.option("--by", type=click.Choice(["zone", "street"]),
              help="Also the points of every zone or street.")
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def trend(ctx: click.Context, start: str, end: str | None, every: str, by: str | None,
          output: str | None, fmt: str) -> None:
    """Coverage over time: in scope, covered, work only and the rates at each period's end.

    Organizations count from founded until closed, COVERS and GUIDES from since until
    until: each point equals `coverage --as-of` that day.
    """
    import graphmodel
    from graphmodel.analysis.asof import today
    from graphmodel.analysis.trend import parse_bound

    first = parse_bound(start, end=False, option="--from")  # (before a server starts)
    last = parse_bound(end, end=True, option="--to") if end is not None else today()
    with opened_store(ctx) as store:
        report = graphmodel.trend(store, start=first, end=last, every=every, by=by)
    show(report, fmt, output)


@main.command()
@click.option("--zone", metavar="ID|NAME", help="Only the units of this zone.")
@click.option("--street", metavar="ID|NAME", help="Only the units of this street.")
@click.option("--target", metavar="RATE",
              help="Target formation rate, 0.68 or 68%: each area's rows that give units an "
                   "organization come first, with the rate once done, and the projection "
                   "of every area follows.")
@click.option("--by", type=click.Choice(["street", "zone"]), default="street",
              show_default=True, help="The areas of the projection (with --target).")
@AS_OF_OPTION
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def plan(ctx: click.Context, zone: str | None, street: str | None, target: str | None,
         by: str, as_of: str | None, output: str | None, fmt: str) -> None:
    """Formation plan: what each unit without an organization should build, and with whom.

    Every uncovered unit has a row, with its street and zone. Actions: standalone, joint
    (with its group), affiliated (with its host), instructor (the guide it has, marked
    existing, or the committee to send one), survey, should_build. CSV holds the
    recommendations only; JSON adds the groups.
    """
    import graphmodel
    from graphmodel.analysis.coverage import parse_rate

    rate = parse_rate(target) if target is not None else None  # (before a server starts)
    with opened_store(ctx) as store:
        report = graphmodel.plan(store, zone=zone, street=street, as_of=as_of, target=rate,
                                 by=by)
    show(report, fmt, output)


@main.command()
@click.option("--min-size", type=int, default=2, show_default=True, metavar="N",
              help="Leave out clusters with fewer members.")
@click.option("--resolution", type=float, default=1.0, show_default=True, metavar="R",
              help="Louvain resolution: above 1 gives more, smaller clusters.")
@click.option("--method", type=click.Choice(["auto", "networkx", "igraph", "gds"]),
              default="auto", show_default=True,
              help="networkx: Louvain + betweenness (the reference); igraph: Leiden + "
                   "betweenness in C; gds: Leiden + betweenness in Neo4j's Graph Data Science "
                   "library; auto: networkx up to 2,000 cooperating organizations, above that "
                   "gds where the server has it, else igraph.")
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def clusters(ctx: click.Context, min_size: int, resolution: float, method: str,
             output: str | None, fmt: str) -> None:
    """Partnership clusters (partners, incubation, services, membership) and their brokers."""
    import graphmodel

    with opened_store(ctx) as store:
        report = graphmodel.clusters(store, min_size=min_size, resolution=resolution,
                                     method=method)
    show(report, fmt, output)


@main.command()
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True, metavar="N",
              help="How many organizations to list, by betweenness (0: all).")
@click.option("--method", type=click.Choice(["auto", "networkx", "igraph", "gds"]),
              default="auto", show_default=True,
              help="How the clusters are found (as `graphmodel clusters --method`).")
@OUTPUT_OPTION
@FORMAT_OPTION
@click.pass_context
def centrality(ctx: click.Context, top: int, method: str, output: str | None,
               fmt: str) -> None:
    """Organizations of the cooperation graph by betweenness: degree, cluster, coverage.

    Betweenness is igraph's, scaled as NetworkX scales it (exact up to 5,000 organizations
    with ties, else estimated from 500 seeded sources); clusters are numbered as
    `graphmodel clusters` numbers them.
    """
    import graphmodel

    with opened_store(ctx) as store:
        report = graphmodel.centrality(store, top=top or None, method=method)
    show(report, fmt, output)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.html", help="The HTML page to write (one self-contained file).")
@click.option("--zone", metavar="ID|NAME",
              help="A zone (id or name), its organizations and their direct ties.")
@click.option("--street", metavar="ID|NAME",
              help="A street (id or name), its organizations and their direct ties.")
@click.option("--ego", metavar="ID|NAME",
              help="Everything within --depth steps of one node (id or name).")
@click.option("--depth", type=int, default=1, show_default=True, metavar="N",
              help="Steps from the --ego node.")
@click.option("--cluster", metavar="K|LABEL|MEMBER",
              help="Partnership cluster K, as `graphmodel clusters` numbers and labels them, "
                   "or the one an organization (id or name) is in.")
@click.option("--summary", "summary_view", is_flag=True,
              help="Zones and streets as single nodes, coloured by formation rate.")
@click.option("--target", metavar="RATE",
              help="A target formation rate (0.68 or 68%): the summary is coloured around it "
                   "(below: reds, above: greens) and lists the areas by gap.")
@AS_OF_OPTION
@click.pass_context
def view(ctx: click.Context, output: str, zone: str | None, street: str | None,
         ego: str | None, depth: int, cluster: str | None, summary_view: bool,
         target: str | None, as_of: str | None) -> None:
    """Write an interactive HTML network view (the whole graph unless a scope is given).

    The page is one file that opens offline in a browser: colour and shape by type,
    uncovered units flagged in red, COVERS lines by mode, properties on hover, filters,
    and the scope's coverage figures; a scope of more than 1,000 nodes opens grouped.
    """
    import graphmodel
    from graphmodel.analysis.coverage import parse_rate

    rate = parse_rate(target) if target is not None else None  # (before a server starts)
    with opened_store(ctx) as store:
        report = graphmodel.view(store, output, zone=zone, street=street, ego=ego,
                                 depth=depth, cluster=cluster, summary=summary_view,
                                 as_of=as_of, target=rate)
    show(report, "table")


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.html|FILE.pdf",
              help="The page to write: HTML (one self-contained file), or PDF printed by "
                   "headless Chromium.")
@click.option("--target", metavar="RATE",
              help="The target formation rate (0.68 or 68%): the bars' line, each area's gap "
                   "and what the plan achieves.")
@click.option("--province-average", "province_average", metavar="RATE",
              help="The province's double-coverage rate (0.85 or 85%), which the district's "
                   "should exceed (雙百一超).")
@AS_OF_OPTION
@FORMAT_OPTION
@click.pass_context
def report(ctx: click.Context, output: str, target: str | None, province_average: str | None,
           as_of: str | None, fmt: str) -> None:
    """Write the report to hand up: one page of figures, charts and the plan, for A4.

    Headline figures; the 雙百一超 indicators (應建必建率, 工作覆蓋率, 雙覆蓋率 against the
    provincial average); formation rate per zone and per street against the target; how
    units are covered; the plan's counts per action and street; the largest partnership
    clusters with their brokers; the trend since the register's first date.
    """
    import graphmodel
    from graphmodel.analysis.coverage import parse_rate
    from graphmodel.reporting import check_output

    check_output(output)  # (before a server starts)
    rate = parse_rate(target) if target is not None else None
    average = (parse_rate(province_average, "--province-average")
               if province_average is not None else None)
    with opened_store(ctx) as store:
        written = graphmodel.report(store, output, target=rate, province_average=average,
                                    as_of=as_of)
    show(written, fmt)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(), metavar="PATH",
              help="Where to write: a folder (the contract's CSV files, or neo4j-admin's), "
                   "NAME.csv (the contract's organizations, with NAME.relationships.csv "
                   "beside it), or a file ending in .json, .xlsx, .graphml or .gexf.")
@click.option("--to", "to", type=click.Choice(["contract", "xlsx", "graphml", "gexf",
                                               "node-link", "neo4j-admin"]),
              help="The format (default: the one -o's name asks for: a folder, .csv or .json "
                   "for the data contract, .xlsx, .graphml, .gexf).")
@click.option("--zone", metavar="ID", help="Only a zone, its organizations and their ties.")
@click.option("--street", metavar="ID", help="Only a street, its organizations and their ties.")
@click.option("--ego", metavar="ID", help="Only what lies within --depth steps of one node.")
@click.option("--depth", type=int, default=1, show_default=True, metavar="N",
              help="Steps from the --ego node.")
@click.option("--cluster", type=int, metavar="K",
              help="Only partnership cluster K, as `graphmodel clusters` numbers them.")
@click.option("--encoding", type=click.Choice(["utf-8", "utf-8-sig", "gb18030"]),
              default="utf-8", show_default=True,
              help="Encoding of the CSV files (utf-8-sig adds the mark Excel looks for).")
@click.option("--force", is_flag=True, help="Overwrite an export already there.")
@click.option("--strict", is_flag=True,
              help="Write nothing unless the whole graph fits the format (and a contract "
                   "export loads back as it is).")
@FORMAT_OPTION
@click.pass_context
def export(ctx: click.Context, output: str, to: str | None, zone: str | None,
           street: str | None, ego: str | None, depth: int, cluster: int | None,
           encoding: str, force: bool, strict: bool, fmt: str) -> None:
    """Write the graph (or a part) as a dataset in the data contract, for `graphmodel load`,
    or for Gephi, Cytoscape, D3 or neo4j-admin.

    What the format cannot hold (other labels, relationship types, nodes without an id) is
    not written and is reported, as is anything `load` would refuse.
    """
    import graphmodel
    from graphmodel import exporting
    from graphmodel.store import data_folder

    # (before a server is started for it)
    exporting.check_target(output, encoding, force, to=to,
                           private=data_folder(ctx.obj["db"]))
    with opened_store(ctx) as store:
        total = store.counts()
        with _progress(total.nodes + total.edges, "exporting") as step:
            report = graphmodel.export(store, output, to=to, encoding=encoding, force=force,
                                       strict=strict, progress=step, zone=zone,
                                       street=street, ego=ego, depth=depth, cluster=cluster)
    from graphmodel.i18n import _, localized

    for line in map(localized, report.warnings()):
        click.echo(line if line.startswith("  ") else _("warning: {message}").format(
            message=line), err=True)
    show(report, fmt)


@main.command()
@click.option("--orgs", type=click.IntRange(min=1), required=True, metavar="N",
              help="Units to generate (enterprises, social organizations, incubators, "
                   "universities, service bodies); zones, streets and party organizations "
                   "come on top.")
@click.option("--seed", type=int, default=1, show_default=True, metavar="S",
              help="Random seed: the same N and seed give the same files.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), required=True,
              metavar="DIR", help="Folder to write organizations.csv and relationships.csv into.")
@click.option("--force", is_flag=True, help="Overwrite a dataset already in DIR.")
@click.option("--years", metavar="FIRST-LAST",
              help="Date the district over these years, e.g. 2016-2017: units founded and "
                   "closed, coverage growing as in the article (3.5% at the end of the "
                   "first year, 32% on 31 July of the last).")
@click.option("--provenance", metavar="TEXT",
              help="Write TEXT in the provenance cell of every row, e.g. synthetic.")
@FORMAT_OPTION
def generate(orgs: int, seed: int, out_dir: str, force: bool, years: str | None,
             provenance: str | None, fmt: str) -> None:
    """Write a synthetic district (a dataset in the data contract) into DIR.

    Zones, streets, 29 industries, enterprises of every size, social organizations,
    incubators, universities, service bodies, party organizations covering units in all
    four modes, work coverage and cooperation ties. Load it with `graphmodel load DIR`.
    """
    import graphmodel

    span = None
    if years is not None:
        import re

        from graphmodel.errors import UsageError
        from graphmodel.i18n import _

        found = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", years, flags=re.ASCII)
        if found is None:
            raise UsageError(_("--years {years!r}: expected two years, e.g. 2016-2017").format(
                years=years))
        span = (int(found.group(1)), int(found.group(2)))
    show(graphmodel.generate(orgs, out_dir, seed=seed, force=force, years=span,
                             provenance=provenance), fmt)


@main.command()
@FORMAT_OPTION
@click.pass_context
def graphs(ctx: click.Context, fmt: str) -> None:
    """The graphs in the store (--db), each with its numbers of nodes and relationships."""
    from graphmodel.graphs import list_graphs

    show(list_graphs(ctx.obj["db"]), fmt)


@main.group()
def db() -> None:
    """Manage the embedded server of a data folder (start, stop, status)."""


@db.command("start")
@click.pass_context
def db_start(ctx: click.Context) -> None:
    """Start the server and keep it running after commands end (until `db stop`)."""
    from graphmodel.i18n import _
    from graphmodel.store import start_server

    status = start_server(ctx.find_root().obj["db"])
    for notice in status.notices:
        _note(notice)
    click.echo(_("running: pid {pid}, socket {socket}").format(pid=status.pid,
                                                              socket=status.socket))


@db.command("stop")
@click.pass_context
def db_stop(ctx: click.Context) -> None:
    """Stop the server cleanly (its data is kept in the folder)."""
    from graphmodel.i18n import _
    from graphmodel.store import data_folder, stop_server

    db = ctx.find_root().obj["db"]
    stopped = stop_server(db)
    folder = data_folder(db)
    click.echo((_("stopped the server of {folder}") if stopped
                else _("no server was running for {folder}")).format(folder=folder))


@db.command("status")
@FORMAT_OPTION
@click.pass_context
def db_status(ctx: click.Context, fmt: str) -> None:
    """Say whether the server of the data folder runs, and where."""
    from graphmodel.store import server_status

    show(server_status(ctx.find_root().obj["db"]), fmt)


@main.command()
@click.option("-o", "--output", default="pingfang.html", show_default=True,
              type=click.Path(dir_okay=False), metavar="FILE.html",
              help="Where to write the interactive view of the Pingfang graph.")
@FORMAT_OPTION
@click.pass_context
def demo(ctx: click.Context, output: str, fmt: str) -> None:
    """Load the Pingfang example (from the article) into graph 'pingfang' and show it.

    Also writes its interactive HTML view (pingfang.html in the current folder unless -o).
    """
    import graphmodel
    from graphmodel import demo as demo_module
    from graphmodel.analysis.projection import project
    from graphmodel.viewing import view as view_function

    graph = ctx.obj["graph"] or demo_module.DEMO_GRAPH
    with opened_store(ctx, graph, must_exist=False) as store:
        report = demo_module.demo(store)
        where = store.describe()
        projection = project(store)
        figures = graphmodel.coverage(store, by="zone")
        planned = graphmodel.plan(store)
    from graphmodel.i18n import _, localized

    shown = view_function(projection, output)
    show(report.graph, fmt)
    wrote = _("Wrote the view {path}: open it in a browser.").format(path=shown.path)
    if fmt != "table":
        click.echo(wrote, err=True)
        return
    click.echo("\n" + _("Loaded examples/pingfang into {where}.").format(where=localized(where))
               + f"\n{wrote}\n\n" + _("Coverage by zone ({command}):").format(
                   command=f"graphmodel --graph {graph} coverage --by zone"))
    show(figures, fmt)
    click.echo("\n" + _("The plan ({command}):").format(
        command=f"graphmodel --graph {graph} plan"))
    show(planned, fmt)
    click.echo(f"\n{demo_module.limits()}\n\n" + _("Try: {command}").format(
        command=f"graphmodel --graph {graph} query "
                "\"MATCH (p:PartyOrg)-[c:COVERS]->(u) RETURN p.name, c.mode, u.name\""))


if __name__ == "__main__":
    main()
