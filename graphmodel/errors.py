"""Errors graphmodel raises on purpose; each carries a message a user can act on.

>>> str(UsageError("--depth must be 1 or more"))
'--depth must be 1 or more'
"""

from __future__ import annotations

from graphmodel.i18n import Text

#: what both engines say when a query without --write tries to change the graph
WRITE_REFUSED = Text("the query writes to the graph; queries are read-only unless --write is "
                     "given")


def timed_out(seconds: float, write: bool = False) -> Text:
    """What both engines say when a query ran past its time limit (``write``: FalkorDB's
    server goes on with a write)."""
    return Text("the query did not finish within its time limit of {seconds:g} s and was "
                "stopped; give it more time with query --timeout SECONDS; the server finishes "
                "the write on its own, unless `graphmodel db stop` stops it first (the write "
                "is then not kept)" if write else
                "the query did not finish within its time limit of {seconds:g} s and was "
                "stopped; give it more time with query --timeout SECONDS", seconds=seconds)


class GraphmodelError(Exception):
    """Base of every error graphmodel raises on purpose. Its message is English; a message
    given as a graphmodel.i18n.Text says itself in the chosen language too (``localized``).
    """

    def localized(self) -> str:
        """The message in the chosen language (graphmodel/i18n.py): what the command prints."""
        from graphmodel.i18n import localized

        return str(localized(self.args[0])) if len(self.args) == 1 else str(self)


class UsageError(GraphmodelError):
    """The user asked for something that cannot be done as asked (CLI exit code 2)."""


class StoreError(GraphmodelError):
    """The graph store could not be reached or refused a statement (CLI exit code 1)."""


class QueryError(StoreError):
    """The engine rejected a query: syntax, a write in read-only mode, a runtime error."""
