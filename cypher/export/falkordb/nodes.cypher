// name: export nodes (FalkorDB)
// As ../nodes.cypher, with FalkorDB's integer node id as `key`, for the nodes whose id is
// from $first to $last: read in parts (EmbeddedStore.read_node_parts).
MATCH (n)
WHERE id(n) >= $first AND id(n) <= $last
RETURN id(n) AS key, labels(n)[0] AS label, size(labels(n)) AS label_count,
       size(keys(n)) AS count, __NODE_PROPERTIES__(n)
