// name: area summary columns (FalkorDB)
// What the area summary (view --summary) counts besides coverage, read without projecting
// the graph (graphmodel/analysis/summary.py): every zone and street with the projection's
// columns (../../projection/nodes.cypher); the FalkorDB node ids of the nodes whose first
// label is $label (__LABEL__) and that have an id (to tell which LOCATED_IN and cooperation ties the
// projection keeps). The areas' members and the ties themselves come from the column reads of
// coverage and the projection (../../analysis/falkordb/coverage-areas.cypher,
// ../../projection/falkordb/relationships-columns.cypher).
// param label: a label of the contract
MATCH (a)
WHERE a:Zone OR a:Street
RETURN id(a) AS key, a.id AS id, labels(a)[0] AS label, size(labels(a)) AS labels,
       __NODE_FIELDS__(a);

MATCH (n:__LABEL__)
WHERE labels(n)[0] = $label AND n.id IS NOT NULL
RETURN collect(id(n)) AS keys
