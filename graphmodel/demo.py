"""The demo: load the Pingfang example (built from the article) into a store.

>>> example_path("pingfang").name
'pingfang'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from graphmodel.dataset import read_dataset
from graphmodel.loader import LoadReport, load
from graphmodel.store.base import GraphStore

DEMO_GRAPH = "pingfang"


def example_path(name: str) -> Path:
    """The folder of an example dataset shipped with graphmodel."""
    return Path(str(resources.files("graphmodel.examples").joinpath(name)))


def demo(store: GraphStore) -> LoadReport:
    """Load (replacing) the Pingfang example into ``store`` and report what is in it."""
    return load(store, read_dataset(example_path("pingfang")), replace=True)
