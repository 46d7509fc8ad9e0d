"""Node positions computed in Python, for views too large for the browser's physics.

vis-network's physics needs minutes to settle on a few thousand nodes, and NetworkX's
``spring_layout`` took ~2 s per iteration at 5,000 nodes here. This module instead runs a
force-directed layout (Fruchterman-Reingold) in numpy whose repulsion is computed on a grid
(particle-mesh: a node histogram convolved with the 1/r force by FFT), so one iteration costs
O(n + grid log grid) instead of O(n^2): 5,000 nodes and 13,000 edges take well under a second.
Each connected component is laid out on its own and the components are packed in rows,
largest first, so isolated organizations form a tidy block instead of flying off.

Without numpy the nodes of each component go on a sunflower spiral in breadth-first order
(neighbours stay near each other): coarse, but instant and deterministic.

>>> import networkx as nx
>>> pos = positions(nx.path_graph(4))
>>> sorted(pos) == [0, 1, 2, 3] and all(len(xy) == 2 for xy in pos.values())
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx

#: distance between neighbouring nodes, in vis-network canvas units (pixels at zoom 1)
SPACING = 70.0
ITERATIONS = 60
GRID_MAX = 256


def positions(graph: nx.Graph | nx.MultiDiGraph, *, seed: int = 42,
              use_numpy: bool | None = None) -> dict[Hashable, tuple[float, float]]:
    """Positions (x, y) of every node, deterministic for a given graph and seed.

    ``use_numpy`` None or True uses numpy when it is installed; False forces the spiral.
    """
    use_numpy = use_numpy is not False and _numpy() is not None
    undirected = nx.Graph(graph)
    undirected.remove_edges_from(nx.selfloop_edges(undirected))
    components = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), str(c[0])))
    boxes: list[dict[Hashable, tuple[float, float]]] = []
    for index, members in enumerate(components):
        sub = undirected.subgraph(members)
        if len(members) <= 2:
            layout = {node: (i * SPACING, 0.0) for i, node in enumerate(members)}
        elif use_numpy:
            layout = _force_layout(sub, members, seed + index)
        else:
            layout = _spiral_layout(sub, members)
        boxes.append(layout)
    return _pack(boxes)


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is optional
        return None
    return numpy


def _force_layout(graph: nx.Graph, members: list[Hashable],
                  seed: int) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold with grid (particle-mesh) repulsion, in unit spacing."""
    np = _numpy()
    n = len(members)
    index = {node: i for i, node in enumerate(members)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    src, dst = edges[:, 0], edges[:, 1]
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side
    grid = min(GRID_MAX, max(16, 2 * math.ceil(math.sqrt(n))))
    kernel_x, kernel_y = _kernels(np, grid)
    temperature, cooling = side / 4, (0.02 ** (1 / ITERATIONS))
    for _ in range(ITERATIONS):
        low = pos.min(axis=0)
        cell_size = max(float((pos.max(axis=0) - low).max()), 1e-9) / (grid - 1)
        cells = np.minimum(((pos - low) / cell_size).astype(np.int64), grid - 1)
        flat = cells[:, 0] * grid + cells[:, 1]
        density = np.bincount(flat, minlength=grid * grid).reshape(grid, grid)
        padded = np.fft.rfft2(density, s=(2 * grid, 2 * grid))
        # repulsion k^2/d with k = 1: the kernel holds offset/|offset|^2 in cell units
        field_x = np.fft.irfft2(padded * kernel_x, s=(2 * grid, 2 * grid))[:grid, :grid]
        field_y = np.fft.irfft2(padded * kernel_y, s=(2 * grid, 2 * grid))[:grid, :grid]
        force = np.stack([field_x.ravel()[flat], field_y.ravel()[flat]], axis=1) / cell_size
        # a little jitter separates nodes that share a cell (the grid cannot see them)
        force += (rng.random((n, 2)) - 0.5) * 0.5
        # attraction d^2/k along edges
        delta = pos[src] - pos[dst]
        pull = delta * np.linalg.norm(delta, axis=1, keepdims=True)
        for axis in (0, 1):
            force[:, axis] -= np.bincount(src, pull[:, axis], minlength=n)
            force[:, axis] += np.bincount(dst, pull[:, axis], minlength=n)
        force += (pos.mean(axis=0) - pos) * (0.5 / side)  # gentle gravity keeps it round
        length = np.maximum(np.linalg.norm(force, axis=1, keepdims=True), 1e-9)
        pos += force / length * np.minimum(length, temperature)
        temperature *= cooling
    pos = (pos - pos.mean(axis=0)) * SPACING
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for i, node in enumerate(members)}


def _kernels(np: Any, grid: int) -> tuple[Any, Any]:
    """FFTs of the x and y repulsion kernels offset/|offset|^2 on a (2 grid)^2 torus."""
    offsets = np.fft.fftfreq(2 * grid, 1 / (2 * grid))  # 0, 1, ..., grid-1, -grid, ..., -1
    ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
    norm2 = ox * ox + oy * oy
    norm2[0, 0] = 1.0
    kx, ky = ox / norm2, oy / norm2
    kx[0, 0] = ky[0, 0] = 0.0
    return np.fft.rfft2(kx), np.fft.rfft2(ky)


def _spiral_layout(graph: nx.Graph,
                   members: list[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """Nodes on a sunflower spiral in breadth-first order from the best-connected node."""
    start = max(members, key=lambda node: (graph.degree(node), str(node)))
    order = [start, *(b for _, b in nx.bfs_edges(graph, start))]
    golden = math.pi * (3 - math.sqrt(5))
    return {node: (SPACING * math.sqrt(i) * math.cos(i * golden),
                   SPACING * math.sqrt(i) * math.sin(i * golden))
            for i, node in enumerate(order)}


def _pack(boxes: list[dict[Hashable, tuple[float, float]]]) -> dict[Hashable,
                                                                     tuple[float, float]]:
    """Place component layouts side by side in rows (largest first), SPACING apart."""
    spans = []
    for layout in boxes:
        xs = [x for x, _ in layout.values()]
        ys = [y for _, y in layout.values()]
        spans.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    total_area = sum((w + SPACING) * (h + SPACING) for _, _, w, h in spans)
    row_width = max(math.sqrt(total_area) * 1.2, max((w for *_, w, _ in spans), default=0))
    placed: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for layout, (left, top, width, height) in zip(boxes, spans, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + SPACING, 0.0
        for node, (nx_, ny_) in layout.items():
            placed[node] = (round(nx_ - left + x, 1), round(ny_ - top + y, 1))
        x += width + SPACING
        row_height = max(row_height, height)
    return placed



def grouped_positions(graph: nx.Graph | nx.MultiDiGraph, groups: list[list[Hashable]],
                      loose: list[Hashable], *, seed: int = 42,
                      ) -> tuple[dict[Hashable, tuple[float, float]],
                                 list[tuple[float, float, float, float]]]:
    """Positions of a page that opens grouped: each group's members laid out on their own
    (``positions``) in a box, the boxes packed in rows (largest first) so that opening any
    groups never puts one on another; ``loose`` nodes (zones, streets) in a box of their
    own, first. Returns the positions and each group's box (left, top, right, bottom).

    >>> import networkx as nx
    >>> pos, boxes = grouped_positions(nx.path_graph(6), [[0, 1, 2], [3, 4]], [5])
    >>> len(pos), len(boxes)
    (6, 2)
    """
    layouts: list[dict[Hashable, tuple[float, float]]] = []
    if loose:
        layouts.append({node: (i * SPACING * 2, 0.0) for i, node in enumerate(loose)})
    for index, members in enumerate(groups):
        sub = nx.Graph(graph.subgraph(members))
        layouts.append(positions(sub, seed=seed + index) if members else {})
    placed = _pack([layout if layout else {("~empty", i): (0.0, 0.0)}
                    for i, layout in enumerate(layouts)])
    boxes = []
    for members in groups:
        xs = [placed[node][0] for node in members] or [0.0]
        ys = [placed[node][1] for node in members] or [0.0]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return {node: xy for node, xy in placed.items() if node in graph}, boxes
