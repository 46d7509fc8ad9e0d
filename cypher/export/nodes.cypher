// name: export nodes
// Every node for `graphmodel export`: its first label, how many labels and properties it
// has, and the data contract's node properties (schema.NODE_PROPERTIES). `key` is the
// engine's own id of the node, which the relationship reads return for their ends (Neo4j
// dialect: elementId; cypher/export/falkordb/ has FalkorDB's, with id(), read in parts).
MATCH (n)
RETURN elementId(n) AS key, labels(n)[0] AS label, size(labels(n)) AS label_count,
       size(keys(n)) AS count, __NODE_PROPERTIES__(n)
