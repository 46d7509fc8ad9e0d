// name: projection nodes (FalkorDB)
// As ../nodes.cypher, with FalkorDB's integer node id as `key` (it has no elementId), for the
// nodes whose id is from $first to $last: read in parts (EmbeddedStore.read_node_parts).
MATCH (n)
WHERE id(n) >= $first AND id(n) <= $last
RETURN id(n) AS key, n.id AS id, labels(n)[0] AS label, __NODE_FIELDS__(n)
