// name: the whole graph
// Every node with all its labels and properties, then every relationship with its type and
// properties, for to_networkx(). __KEY__ is the engine's own id of a node (graphmodel fills
// it in: elementId on Neo4j, id on FalkorDB), so that a node without an `id` is kept too.
MATCH (n)
RETURN __KEY__(n) AS key, labels(n) AS labels, properties(n) AS properties;
MATCH (a)-[r]->(b)
RETURN __KEY__(a) AS source, type(r) AS type, __KEY__(b) AS target,
       properties(r) AS properties
