// name: projection nodes
// Every organization with the properties the analyses and views use; `key` is the engine's
// own id of the node (__KEY__: elementId on Neo4j, id on FalkorDB), which the relationship
// reads return for their ends. FalkorDB reads it in parts of node ids (__IN_PART__:
// EmbeddedStore.read_node_parts); Neo4j in one.
MATCH (n)
WHERE __IN_PART__(n)
RETURN __KEY__(n) AS key, n.id AS id, labels(n)[0] AS label, __NODE_FIELDS__(n)
