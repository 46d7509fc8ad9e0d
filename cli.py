"""The ``graphmodel`` command: a thin click layer over the library's functions.

Each command parses options, opens the store, calls the library function of the same name
and renders its result; errors become plain messages (exit 2 for bad input, 1 for the store).

    $ graphmodel demo
    $ graphmodel --graph pingfang query "MATCH (z:Zone) RETURN z.name"
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from graphmodel.store.base import GraphCounts, GraphStore

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]),
                             default="table", show_default=True, help="Output format.")
PROGRESS_FROM_ROWS = 20_000  # loads and exports this small finish before a bar is of use


class GraphmodelGroup(click.Group):
    """Turns graphmodel's own errors into messages and exit codes instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        from graphmodel.errors import GraphmodelError, StoreError

        try:
            return super().invoke(ctx)
        except GraphmodelError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(1 if isinstance(error, StoreError) else 2)


@click.group(cls=GraphmodelGroup)
@click.option("--db", metavar="URI",
              help="Embedded data folder (default $GRAPHMODEL_DB or ~/.local/share/graphmodel)"
                   ", or a Neo4j URI: neo4j://host:7687, bolt://..., neo4j+s://...")
@click.option("--graph", metavar="NAME",
              help="Graph name (embedded; default 'graphmodel') or Neo4j database "
                   "(default: the server's).")
@click.version_option(package_name="graphmodel")
@click.pass_context
def main(ctx: click.Context, db: str | None, graph: str | None) -> None:
    """Registers of organizations as a Cypher graph: load, measure coverage, query, view."""
    import os

    # $GRAPHMODEL_DB may hold a Neo4j URI as well as a folder: it is read once, here
    ctx.obj = {"db": db or os.environ.get("GRAPHMODEL_DB") or None, "graph": graph}


@contextmanager
def opened_store(ctx: click.Context, graph: str | None = None) -> Iterator[GraphStore]:
    """Open the store of --db/--graph for one command, telling the user what they should know."""
    from graphmodel.store import open_store

    store = open_store(ctx.obj["db"], graph or ctx.obj["graph"])
    try:
        for notice in store.notices:
            click.echo(f"note: {notice}", err=True)
        shown = len(store.notices)
        yield store
        for notice in store.notices[shown:]:  # (what the command itself came across)
            click.echo(f"note: {notice}", err=True)
    finally:
        store.close()


def echo_counts(counts: GraphCounts, fmt: str,
                written: tuple[dict[str, int], dict[str, int]] | None = None) -> None:
    """Print nodes per label and relationships per type (and what a load wrote)."""
    from graphmodel import render

    if fmt == "json":
        payload: dict[str, Any] = {"labels": counts.labels, "relationships": counts.relationships,
                                   "nodes": counts.nodes, "edges": counts.edges}
        if written:
            payload["written"] = {"labels": written[0], "relationships": written[1]}
        click.echo(render.json_text(payload))
        return
    columns = ["kind", "name", "count"] + (["written"] if written else [])
    rows: list[list[Any]] = []
    for kind, mapping, wrote in (("label", counts.labels, written and written[0]),
                                 ("relationship", counts.relationships, written and written[1])):
        names = sorted(set(mapping) | set(wrote or {}))
        for name in names:
            row: list[Any] = [kind, name, mapping.get(name, 0)]
            if written:
                row.append((wrote or {}).get(name, 0))
            rows.append(row)
    text = render.csv_text(columns, rows) if fmt == "csv" else render.table(columns, rows)
    click.echo(text)
    if fmt == "table":
        click.echo(f"\n{counts.nodes} nodes, {counts.edges} relationships")


@main.command()
@click.argument("path", type=click.Path())
@click.option("--replace", is_flag=True,
              help="Replace the whole graph with this dataset, atomically: readers see the old "
                   "graph until the new one is complete; a failed load changes nothing.")
@FORMAT_OPTION
@click.pass_context
def load(ctx: click.Context, path: str, replace: bool, fmt: str) -> None:
    """Validate a dataset (CSV folder or JSON file) and write it into the graph.

    Nothing is written unless the whole dataset is valid. Loading the same data twice
    leaves the same counts.
    """
    from graphmodel import loader
    from graphmodel.dataset import read_dataset

    dataset = read_dataset(path)
    with opened_store(ctx) as store, _progress(loader.total_rows(dataset)) as step:
        report = loader.load(store, dataset, replace=replace, progress=step)
    echo_counts(report.graph, fmt, (report.written_labels, report.written_relationships))


@contextmanager
def _progress(total: int, label: str = "loading") -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for long loads and exports; nothing for short ones."""
    if total < PROGRESS_FROM_ROWS:
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@main.command()
@FORMAT_OPTION
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count nodes per label and relationships per type."""
    from graphmodel import querying

    with opened_store(ctx) as store:
        echo_counts(querying.stats(store), fmt)


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
@FORMAT_OPTION
@click.pass_context
def query(ctx: click.Context, cypher: str | None, file: Any, saved: str | None,
          list_saved: bool, params: tuple[str, ...], write: bool, fmt: str) -> None:
    """Run a Cypher query (read-only unless --write) and print its rows."""
    from graphmodel import cypherlib, querying, render
    from graphmodel.errors import UsageError

    if list_saved:
        _list_saved_queries(fmt)
        return
    if sum(x is not None for x in (cypher, file, saved)) != 1:
        raise UsageError("give the query as an argument, with --file or with --saved "
                         "(exactly one of them)")
    values = dict(querying.parse_param(p) for p in params)
    saved_query = None
    if saved is not None:
        saved_query = cypherlib.saved_query(saved)
        statement, values = saved_query.text, cypherlib.bind(saved_query, values)
    else:
        statement = cypher if cypher is not None else file.read()
    with opened_store(ctx) as store:
        if saved_query is not None:
            statement = cypherlib.saved_query_text(saved_query, store.dialect)
        result = querying.query(store, statement, values, write=write)
    if fmt == "json":
        click.echo(render.json_text(result.records()))
    elif fmt == "csv":
        click.echo(render.csv_text(result.columns, result.rows))
    else:
        if result.columns:
            click.echo(render.table(result.columns, result.rows))
        noun = "row" if len(result.rows) == 1 else "rows"
        changes = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.stats.items())
        click.echo(f"\n{len(result.rows)} {noun}" + (f"; {changes}" if changes else ""))


def _list_saved_queries(fmt: str) -> None:
    from graphmodel import cypherlib, render

    queries = cypherlib.saved_queries()
    if fmt == "json":
        click.echo(render.json_text([{"name": q.name, "description": q.description,
                                      "params": q.params, "defaults": q.defaults}
                                     for q in queries]))
        return
    if fmt == "csv":
        click.echo(render.csv_text(["name", "description", "params"], [
            [q.name, q.description, "; ".join(f"{k}: {v}" for k, v in q.params.items())]
            for q in queries]))
        return
    for q in queries:
        click.echo(q.name)
        click.echo(textwrap.fill(q.description, width=88, initial_indent="    ",
                                 subsequent_indent="    "))
        for key, meaning in q.params.items():
            click.echo(f"    -p {key}=...   {meaning}")
        click.echo()


@main.command()
@click.option("--by", type=click.Choice(["zone", "street", "industry", "size"]),
              help="Group units by zone, street, industry or size (default: total only).")
@click.option("--target", type=float, metavar="RATE",
              help="Target formation rate (0-1, e.g. 0.68): adds the gap in units.")
@FORMAT_OPTION
@click.pass_context
def coverage(ctx: click.Context, by: str | None, target: float | None, fmt: str) -> None:
    """Party-organization coverage of in-scope units, by mode, with formation rates."""
    from graphmodel import render
    from graphmodel.analysis import coverage as coverage_module

    with opened_store(ctx) as store:
        report = coverage_module.coverage(store, by=by, target=target)
    if fmt == "json":
        click.echo(render.json_text(report))
        return
    rows = [*report.groups, report.total]
    columns = ["group", "name", "in_scope", "covered", "standalone", "joint", "affiliated",
               "entrusted", "work_only", "uncovered", "formation_rate",
               "double_coverage_rate"] + (["gap"] if target is not None else [])
    values = [[getattr(row, c) for c in columns] for row in rows]
    if fmt == "csv":
        click.echo(render.csv_text(columns, values))
        return
    shown = [[render.percent(v) if c.endswith("_rate") else v for c, v in zip(
        columns, row, strict=True)] for row in values]
    click.echo(render.table([c.replace("_rate", "").replace("_", " ") for c in columns], shown))


@main.command()
@FORMAT_OPTION
@click.pass_context
def plan(ctx: click.Context, fmt: str) -> None:
    """Formation plan: what each unit without an organization should build, and with whom.

    Actions: standalone, joint (with its group), affiliated (with its host), instructor,
    survey, should_build. CSV holds the recommendations only; JSON adds the groups.
    """
    from graphmodel import render
    from graphmodel.analysis import plan as plan_module

    with opened_store(ctx) as store:
        report = plan_module.plan(store)
    if fmt == "json":
        click.echo(render.json_text(report))
        return
    columns = ["unit", "name", "action", "level", "group", "host", "host_name",
               "party_members", "reason"]
    rows = [[getattr(r, c) for c in columns] for r in report.recommendations]
    if fmt == "csv":
        click.echo(render.csv_text(columns, rows))
        return
    click.echo(render.table(["unit", "name", "action", "level", "group", "host", "host name",
                             "members", "reason"], rows))
    if report.groups:
        click.echo("\njoint groups")
        click.echo(render.table(
            ["id", "units", "members", "street", "zone", "industry"],
            [[g.id, ", ".join(g.units), g.party_members, g.street, g.zone, g.industry]
             for g in report.groups]))
    counts = ", ".join(f"{action} {n}" for action, n in report.summary.items() if n)
    click.echo(f"\n{len(report.recommendations)} recommendations"
               + (f": {counts}" if counts else ""))


@main.command()
@click.option("--min-size", type=int, default=2, show_default=True, metavar="N",
              help="Leave out clusters with fewer members.")
@click.option("--resolution", type=float, default=1.0, show_default=True, metavar="R",
              help="Louvain resolution: above 1 gives more, smaller clusters.")
@click.option("--method", type=click.Choice(["auto", "networkx", "igraph", "gds"]),
              default="auto", show_default=True,
              help="networkx: Louvain + betweenness (the reference); igraph: Leiden + "
                   "bridging; gds: Leiden + betweenness in Neo4j's Graph Data Science "
                   "library; auto: networkx up to 2,000 cooperating organizations, above that "
                   "gds where the server has it, else igraph.")
@FORMAT_OPTION
@click.pass_context
def clusters(ctx: click.Context, min_size: int, resolution: float, method: str,
             fmt: str) -> None:
    """Partnership clusters (partners, incubation, services, membership) and their brokers."""
    from graphmodel import render
    from graphmodel.analysis import clusters as clusters_module

    with opened_store(ctx) as store:
        report = clusters_module.clusters(store, min_size=min_size, resolution=resolution,
                                          method=method)
    if fmt == "json":
        click.echo(render.json_text(report))
        return
    columns = ["id", "size", "by_type", "density", "brokers", "in_scope", "uncovered",
               "members"]
    rows = [[c.id, c.size, " ".join(f"{t}:{n}" for t, n in c.by_type.items()), c.density,
             " ".join(c.brokers), c.in_scope, c.uncovered, " ".join(c.members)]
            for c in report.clusters]
    if fmt == "csv":
        click.echo(render.csv_text(columns, rows))
        return
    click.echo(render.table([c.replace("_", " ") for c in columns], rows))
    limit = 20  # isolated units a table lists; --format json lists them all
    shown = ", ".join(report.isolated[:limit]) or "none"
    if len(report.isolated) > limit:
        shown += f", ... ({len(report.isolated) - limit} more: --format json lists all)"
    click.echo(f"\n{len(report.clusters)} clusters; isolated in-scope units "
               f"({len(report.isolated)}): {shown}")


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              metavar="FILE.html", help="The HTML page to write (one self-contained file).")
@click.option("--zone", metavar="ID", help="A zone, its organizations and their direct ties.")
@click.option("--street", metavar="ID",
              help="A street, its organizations and their direct ties.")
@click.option("--ego", metavar="ID", help="Everything within --depth steps of one node.")
@click.option("--depth", type=int, default=1, show_default=True, metavar="N",
              help="Steps from the --ego node.")
@click.option("--cluster", type=int, metavar="K",
              help="Partnership cluster K, as `graphmodel clusters` numbers them.")
@click.option("--summary", "summary_view", is_flag=True,
              help="Zones and streets as single nodes, coloured by formation rate.")
@click.pass_context
def view(ctx: click.Context, output: str, zone: str | None, street: str | None,
         ego: str | None, depth: int, cluster: int | None, summary_view: bool) -> None:
    """Write an interactive HTML network view (the whole graph unless a scope is given).

    The page is one file that opens offline in a browser: colour and shape by type,
    uncovered units flagged in red, COVERS lines by mode, properties on hover.
    """
    from graphmodel.analysis.projection import project
    from graphmodel.views.view import refuse_a_whole_view_too_big
    from graphmodel.views.view import view as view_function

    scope = {"zone": zone, "street": street, "ego": ego, "depth": depth, "cluster": cluster,
             "summary_view": summary_view}
    report = None
    with opened_store(ctx) as store:
        if zone is None and street is None and ego is None:
            if cluster is None and not summary_view:
                refuse_a_whole_view_too_big(store)  # (before half a minute of reading)
            projection = project(store)  # (the store closes before the page is drawn)
        else:  # these read only their part of the graph, from the open store
            report = view_function(store, output, **scope)
    if report is None:
        report = view_function(projection, output, **scope)
    click.echo(f"wrote {report.path}: {report.title} ({report.nodes:,} nodes, "
               f"{report.edges:,} relationships)")


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(), metavar="DIR|FILE.json",
              help="A folder to write organizations.csv and relationships.csv into, or a "
                   "file name ending in .json for one JSON file.")
@click.option("--encoding", type=click.Choice(["utf-8", "utf-8-sig", "gb18030"]),
              default="utf-8", show_default=True,
              help="Encoding of the CSV files (utf-8-sig adds the mark Excel looks for).")
@click.option("--force", is_flag=True, help="Overwrite an export already there.")
@click.option("--strict", is_flag=True,
              help="Write nothing unless the whole graph fits the data contract and the "
                   "export loads back as it is.")
@FORMAT_OPTION
@click.pass_context
def export(ctx: click.Context, output: str, encoding: str, force: bool, strict: bool,
           fmt: str) -> None:
    """Write the graph as a dataset in the data contract, for `graphmodel load`.

    What the contract cannot hold (other labels, relationship types or properties, nodes
    without an id) is not written and is reported, as is anything `load` would refuse.
    """
    import dataclasses

    from graphmodel import exporting, render

    exporting.check_target(output, encoding, force)  # (before a server is started for it)
    _refuse_the_data_folder(ctx, output)
    with opened_store(ctx) as store:
        total = store.counts()
        with _progress(total.nodes + total.edges, "exporting") as step:
            report = exporting.export(store, output, encoding=encoding, force=force,
                                      strict=strict, progress=step)
    for what, count in report.lost.items():
        click.echo(f"warning: not kept: {what} ({count:,})", err=True)
    if report.problem_count:
        click.echo(f"warning: load would refuse the export ({report.problem_count:,} "
                   "problems), for example:", err=True)
        for problem in report.problems:
            click.echo(f"  {problem}", err=True)
    if report.changed_count:
        click.echo(f"warning: load would read {report.changed_count:,} organizations or "
                   "relationships back with other values, for example:", err=True)
        for what in report.changed:
            click.echo(f"  {what}", err=True)
    if fmt == "json":
        click.echo(render.json_text({**dataclasses.asdict(report), "complete": report.complete}))
        return
    rows = [["label", name, n] for name, n in report.organizations.items()]
    rows += [["relationship", name, n] for name, n in report.relationships.items()]
    if fmt == "csv":
        click.echo(render.csv_text(["kind", "name", "count"], rows))
        return
    click.echo(render.table(["kind", "name", "count"], rows))
    click.echo(f"\nwrote {sum(report.organizations.values()):,} organizations and "
               f"{sum(report.relationships.values()):,} relationships to {report.path}")


def _refuse_the_data_folder(ctx: click.Context, output: str) -> None:
    """An export must not go into the embedded server's own (private) data folder."""
    from pathlib import Path

    from graphmodel.errors import UsageError
    from graphmodel.store.embedded import default_folder
    from graphmodel.store.neo4j import is_neo4j_uri

    db = ctx.obj["db"]
    if is_neo4j_uri(db):
        return
    folder = Path(db or default_folder()).expanduser().resolve()
    target = Path(output).expanduser().resolve()
    if target == folder or folder in target.parents:
        raise UsageError(f"{output} is inside the data folder {folder}, which belongs to the "
                         "embedded server; export somewhere else")


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
@FORMAT_OPTION
def generate(orgs: int, seed: int, out_dir: str, force: bool, fmt: str) -> None:
    """Write a synthetic district (a dataset in the data contract) into DIR.

    Zones, streets, 29 industries, enterprises of every size, social organizations,
    incubators, universities, service bodies, party organizations covering units in all
    four modes, work coverage and cooperation ties. Load it with `graphmodel load DIR`.
    """
    from pathlib import Path

    from graphmodel import render, synth
    from graphmodel.dataset import ORGANIZATIONS_FILE, RELATIONSHIPS_FILE
    from graphmodel.errors import UsageError

    existing = [name for name in (ORGANIZATIONS_FILE, RELATIONSHIPS_FILE)
                if (Path(out_dir) / name).exists()]
    if existing and not force:
        raise UsageError(f"{out_dir} already holds {' and '.join(existing)}; choose another "
                         "folder or give --force to overwrite")
    report = synth.generate(orgs, seed, out_dir)
    rows = [list(row) for row in synth.describe(report)]
    if fmt == "json":
        click.echo(render.json_text({"folder": report.folder, "orgs": report.orgs,
                                     "seed": report.seed, "nodes": report.nodes,
                                     "edges": report.edges, "rows": [
                                         {"kind": k, "name": n, "count": c}
                                         for k, n, c in rows]}))
    elif fmt == "csv":
        click.echo(render.csv_text(["kind", "name", "count"], rows))
    else:
        click.echo(render.table(["kind", "name", "count"], rows))
        click.echo(f"\n{report.nodes} organizations, {report.edges} relationships written "
                   f"to {report.folder}")


@main.group()
def db() -> None:
    """Manage the embedded server of a data folder (start, stop, status)."""


def _server(ctx: click.Context) -> Any:
    from graphmodel.errors import UsageError
    from graphmodel.store.embedded import EmbeddedServer, default_folder
    from graphmodel.store.neo4j import is_neo4j_uri

    target = ctx.find_root().obj["db"]
    if is_neo4j_uri(target):
        raise UsageError("db start/stop/status manage the embedded server only; a Neo4j server "
                         "is managed with Neo4j's own tools")
    return EmbeddedServer(target or default_folder())


@db.command("start")
@click.pass_context
def db_start(ctx: click.Context) -> None:
    """Start the server and keep it running after commands end (until `db stop`)."""
    from graphmodel.store.embedded import KEEP_NAME

    server = _server(ctx)
    with server.start_lock():
        notice = server.start()
        (server.folder / KEEP_NAME).touch()
    if notice:
        click.echo(f"note: {notice}", err=True)
    click.echo(f"running: pid {server.pid()}, socket {server.socket}")


@db.command("stop")
@click.pass_context
def db_stop(ctx: click.Context) -> None:
    """Stop the server cleanly (its data is kept in the folder)."""
    from graphmodel.store.embedded import KEEP_NAME

    server = _server(ctx)
    with server.start_lock():
        (server.folder / KEEP_NAME).unlink(missing_ok=True)
        stopped = server.stop()
    click.echo(f"stopped the server of {server.folder}" if stopped
               else f"no server was running for {server.folder}")


@db.command("status")
@FORMAT_OPTION
@click.pass_context
def db_status(ctx: click.Context, fmt: str) -> None:
    """Say whether the server of the data folder runs, and where."""
    from graphmodel import render

    status = _server(ctx).status()
    if fmt == "json":
        click.echo(render.json_text(status))
    else:
        rows = [[key, value] for key, value in status.items()]
        click.echo(render.table(["key", "value"], rows) if fmt == "table"
                   else render.csv_text(["key", "value"], rows))


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
    from graphmodel import demo as demo_module
    from graphmodel.analysis.projection import project
    from graphmodel.views.view import view as view_function

    graph = ctx.obj["graph"] or demo_module.DEMO_GRAPH
    with opened_store(ctx, graph) as store:
        report = demo_module.demo(store)
        where = store.describe()
        projection = project(store)
    shown = view_function(projection, output)
    echo_counts(report.graph, fmt)
    wrote = f"Wrote the view {shown.path}: open it in a browser."
    if fmt == "table":
        click.echo(f"\nLoaded examples/pingfang into {where}.\n{wrote}\n"
                   f"Try: graphmodel --graph {graph} query "
                   "\"MATCH (p:PartyOrg)-[c:COVERS]->(u) RETURN p.name, c.mode, u.name\"")
    else:
        click.echo(wrote, err=True)


if __name__ == "__main__":
    main()
