// name: projection nodes
// Every organization with the properties the analyses and views use; `key` is the engine's
// own id of the node, which the relationship reads return for their ends (Neo4j dialect:
// elementId; cypher/projection/falkordb/ has FalkorDB's, with id()).
MATCH (n)
RETURN elementId(n) AS key, n.id AS id, labels(n)[0] AS label, __NODE_FIELDS__(n)
