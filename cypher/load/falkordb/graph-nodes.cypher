// name: nodes as they are (FalkorDB)
// The nodes whose FalkorDB id is from $first to $last (an id seek; EmbeddedStore's
// read_node_parts reads every node that way, in parts): their FalkorDB id, first label,
// number of properties and the contract's node properties (schema.NODE_PROPERTIES). A load
// into an existing graph merges only the organizations that differ from the dataset
// (graphmodel.changes).
MATCH (n)
WHERE id(n) >= $first AND id(n) <= $last
RETURN id(n) AS key, labels(n)[0] AS label, size(keys(n)) AS count, __NODE_PROPERTIES__(n)
