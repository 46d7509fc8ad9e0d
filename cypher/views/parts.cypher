// name: view parts
// What a --zone, --street or --ego view needs of a large graph, found from the area or the
// centre outwards instead of reading every node (graphmodel/analysis/parts.py). Each statement
// after the third takes $keys, node keys (the engine's own ids: __KEY__, elementId on Neo4j,
// id on FalkorDB), and returns keys or rows for them.
// Statements, in order: the zone with id $id; the street with id $id; the node with id $id
// (of any label, each by its index); the nodes LOCATED_IN the nodes $keys; the neighbours of
// $keys by any relationship, with their first label; the places the nodes $keys are
// LOCATED_IN; the nodes that COVER or GUIDE $keys; the nodes $keys with the projection's
// columns (../projection/nodes.cypher) and their number of labels; the relationships from
// $keys.
// param id: the id of the zone, street or centre
// param keys: node keys
MATCH (a:Zone {id: $id})
RETURN __KEY__(a) AS key;

MATCH (a:Street {id: $id})
RETURN __KEY__(a) AS key;

MATCH (n:Enterprise {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:Incubator {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:SocialOrg {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:PartyOrg {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:University {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:ServiceBody {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:Zone {id: $id})
RETURN __KEY__(n) AS key
UNION
MATCH (n:Street {id: $id})
RETURN __KEY__(n) AS key;

UNWIND $keys AS key
MATCH (n)-[:LOCATED_IN]->(a)
WHERE __KEY__(a) = key
RETURN DISTINCT __KEY__(n) AS key;

UNWIND $keys AS key
MATCH (c)--(m)
WHERE __KEY__(c) = key
RETURN DISTINCT __KEY__(m) AS key, labels(m)[0] AS label;

UNWIND $keys AS key
MATCH (c)-[:LOCATED_IN]->(m)
WHERE __KEY__(c) = key
RETURN DISTINCT __KEY__(m) AS key;

UNWIND $keys AS key
MATCH (m)-[:COVERS|GUIDES]->(c)
WHERE __KEY__(c) = key
RETURN DISTINCT __KEY__(m) AS key;

UNWIND $keys AS key
MATCH (n)
WHERE __KEY__(n) = key
RETURN __KEY__(n) AS key, n.id AS id, labels(n)[0] AS label, n.name AS name,
       n.industry AS industry, n.size AS size, n.employees AS employees,
       n.party_members AS party_members, n.level AS level,
       size(labels(n)) AS labels;

UNWIND $keys AS key
MATCH (a)-[r]->(b)
WHERE __KEY__(a) = key
RETURN __KEY__(a) AS source, type(r) AS type, __KEY__(b) AS target, r.mode AS mode
