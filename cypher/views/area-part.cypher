// name: area part
// What a --zone or --street view needs of a large graph, found from the area outwards
// instead of reading every node (graphmodel/views/area_read.py). Each statement but the
// first two takes $keys, node keys (the engine's own ids: elementId in this Neo4j dialect;
// falkordb/area-part.cypher has FalkorDB's, with id()), and returns keys or rows for them.
// Statements, in order: the zone with id $area; the street with id $area; the nodes
// LOCATED_IN the nodes $keys; the neighbours of $keys by any relationship; the places the
// nodes $keys are LOCATED_IN; the nodes that COVER or GUIDE $keys; the nodes $keys with the
// projection's columns (../projection/nodes.cypher) and their number of labels;
// the relationships from $keys.
// param area: the id of the zone or street
// param keys: node keys
MATCH (a:Zone {id: $area})
RETURN elementId(a) AS key;

MATCH (a:Street {id: $area})
RETURN elementId(a) AS key;

UNWIND $keys AS key
MATCH (n)-[:LOCATED_IN]->(a)
WHERE elementId(a) = key
RETURN DISTINCT elementId(n) AS key;

UNWIND $keys AS key
MATCH (c)--(m)
WHERE elementId(c) = key
RETURN DISTINCT elementId(m) AS key;

UNWIND $keys AS key
MATCH (c)-[:LOCATED_IN]->(m)
WHERE elementId(c) = key
RETURN DISTINCT elementId(m) AS key;

UNWIND $keys AS key
MATCH (m)-[:COVERS|GUIDES]->(c)
WHERE elementId(c) = key
RETURN DISTINCT elementId(m) AS key;

UNWIND $keys AS key
MATCH (n)
WHERE elementId(n) = key
RETURN elementId(n) AS key, n.id AS id, labels(n)[0] AS label, n.name AS name,
       n.industry AS industry, n.size AS size, n.employees AS employees,
       n.party_members AS party_members, n.level AS level,
       size(labels(n)) AS labels;

UNWIND $keys AS key
MATCH (a)-[r]->(b)
WHERE elementId(a) = key
RETURN elementId(a) AS source, type(r) AS type, elementId(b) AS target, r.mode AS mode
