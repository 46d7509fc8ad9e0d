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

def limits() -> str:
    """What the demo says after it has shown the example's coverage and plan."""
    from graphmodel.i18n import _

    synthetic = example_path("hajingkai-synthetic")
    return _(
        "What this example can show: the kinds of organization in the article, two of the "
        "four modes of coverage (a unit's own organization, a joint industry branch), "
        "cooperation between an incubator, universities and a service body, and how the "
        "commands read a register.\n"
        "What it cannot show: the district's figures. The article gives no party-member or "
        "employee counts, so every plan row is `survey` (count the members first), and it "
        "names a handful of the district's units, so its rates are not the article's (3.5% "
        "-> 32%, 68% the target). For figures at a zone's scale, in time, load the synthetic "
        "(invented) register made to tell that story:\n"
        "  graphmodel --graph hajingkai load {synthetic}\n"
        "  graphmodel --graph hajingkai trend --from 2016 --to 2017-07 --every month").format(
            synthetic=synthetic)


def example_path(name: str) -> Path:
    """The folder of an example dataset shipped with graphmodel."""
    return Path(str(resources.files("graphmodel.examples").joinpath(name)))


def demo(store: GraphStore) -> LoadReport:
    """Load (replacing) the Pingfang example into ``store`` and report what is in it."""
    return load(store, read_dataset(example_path("pingfang")), replace=True)
