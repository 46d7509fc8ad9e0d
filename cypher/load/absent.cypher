// name: names of ids
// The id, label and name of the nodes whose id is in $ids: what a load names as absent
// from the register (and, with --sync, removes).
// param ids: node ids
MATCH (n)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name;

// name: remove organizations
// Every node whose id is in $ids, with its relationships (load --sync).
// param ids: node ids
MATCH (n)
WHERE n.id IN $ids
DETACH DELETE n;

// name: properties of nodes
// Every node's id and properties: where the engine does not compare a dataset with the
// graph as columns (Neo4j), a load compares them here to say what it changes.
MATCH (n)
WHERE n.id IS NOT NULL
RETURN n.id AS id, properties(n) AS properties;
