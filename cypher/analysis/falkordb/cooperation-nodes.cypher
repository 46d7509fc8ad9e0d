// name: cooperation nodes (FalkorDB)
// Every node's FalkorDB id, organization id, label, name and industry: what the clusters need
// of the nodes (the name and industry label a cluster)
// (their cooperation ties are read as integer columns with
// ../../projection/falkordb/relationships-columns.cypher), far less than the whole
// projection, every property and a NetworkX graph. Read in parts of ids from $first to
// $last (EmbeddedStore.read_node_parts).
MATCH (n)
WHERE id(n) >= $first AND id(n) <= $last
RETURN id(n) AS key, n.id AS id, labels(n)[0] AS label, n.name AS name,
       n.industry AS industry
