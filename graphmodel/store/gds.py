"""Neo4j's Graph Data Science library: the heavy graph algorithms run inside the server.

The clusters analysis hands over its cooperation graph as three integer columns (ends and
weight of each tie, nodes numbered 0..n-1); GDS projects exactly that graph (Cypher
aggregation, undirected), runs Leiden and betweenness on it, and the projection is dropped
afterwards, also when something fails. Only the ties travel, never the node data, and the
graph GDS sees is the one the client-side path (igraph) would see.

>>> with open_store("neo4j://localhost:7687") as store:          # doctest: +SKIP
...     store.graph_algorithms().version
'2.13.9'
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphmodel import cypherlib

if TYPE_CHECKING:
    import numpy as np

    from graphmodel.store.base import GraphStore


@dataclass
class Communities:
    """What the server found: each node's community, and its betweenness (NetworkX's
    normalization: pairs of other nodes, undirected, scaled up from the sampled sources)."""

    membership: np.ndarray
    betweenness: np.ndarray


class GraphDataScience:
    """GDS on one Neo4j store; ``version`` is the library's, as ``gds.version()`` says."""

    name = "gds"

    def __init__(self, store: GraphStore, version: str):
        self.store = store
        self.version = version

    @classmethod
    def detect(cls, store: GraphStore) -> GraphDataScience | None:
        """GDS when the server has it, else None (the caller computes client-side)."""
        from graphmodel.errors import QueryError

        try:
            found = store.run(_statement(0))
        except QueryError:
            return None
        return cls(store, str(found.rows[0][0])) if found.rows else None

    def communities(self, first: np.ndarray, second: np.ndarray, weight: np.ndarray,
                    count: int, *, resolution: float, seed: int,
                    sample: int | None) -> Communities:
        """Leiden communities (weighted modularity at ``resolution``, seeded, one thread so
        that the seed decides) and betweenness (exact, or from ``sample`` sources drawn with
        the seed) of the graph of ``count`` nodes whose tie k joins first[k] and second[k]."""
        import numpy as np

        name = f"graphmodel-{uuid.uuid4().hex}"
        membership = np.zeros(count, dtype=np.int64)
        betweenness = np.zeros(count, dtype=np.float64)
        if count == 0:
            return Communities(membership, betweenness)
        params: dict[str, Any] = {"name": name, "first": first.tolist(),
                                  "second": second.tolist(), "weight": weight.tolist()}
        try:
            projected = self.store.run(_statement(1), params, write=True)
            if projected.rows[0][0] != count:
                raise RuntimeError(f"GDS projected {projected.rows[0][0]} nodes, not {count}")
            # one thread each: with more, the same seed drew other betweenness sources
            # (GDS 2.13); so the two algorithms run at once, each on its own connection
            # (routed as writes: on a cluster, to the member holding the graph)
            settings: dict[str, Any] = {"concurrency": 1}
            if sample is not None:
                settings.update(samplingSize=sample, samplingSeed=seed)
            with ThreadPoolExecutor(max_workers=2) as pool:
                leiden = pool.submit(self.store.run, _statement(2), {
                    "name": name, "gamma": resolution, "seed": seed}, write=True)
                between = pool.submit(self.store.run, _statement(3), {
                    "name": name, "settings": settings}, write=True)
                (nodes, communities), (scored, values) = (leiden.result().rows[0],
                                                          between.result().rows[0])
            membership[np.asarray(nodes, dtype=np.int64)] = communities
            betweenness[np.asarray(scored, dtype=np.int64)] = values
        finally:
            self.store.run(_statement(4), {"name": name}, write=True)
        # GDS counts each pair once from each sampled source; NetworkX's normalized value is
        # that sum x 2 / ((n-1)(n-2)), scaled by n / sources when sampled
        sources = count if sample is None else sample
        scale = 2 * count / sources / ((count - 1) * (count - 2)) if count > 2 else 0.0
        return Communities(_renumbered(membership), betweenness * scale)


def _renumbered(membership: np.ndarray) -> np.ndarray:
    """Community numbers 0..k-1 in the order of their first node (GDS numbers them its way)."""
    import numpy as np

    _, first_seen, inverse = np.unique(membership, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_seen))
    return order[inverse].astype(np.int64)


def _statement(number: int) -> str:
    return cypherlib.read("analysis/gds.cypher").statements()[number]
