// name: largest node id (FalkorDB)
// The largest FalkorDB node id, null in an empty graph: where reads of every node in parts
// of ids (EmbeddedStore.read_node_parts) end.
MATCH (n)
RETURN max(id(n)) AS largest
