// name: projection relationships
// Every relationship as (source id, type, target id, mode).
MATCH (a)-[r]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, r.mode AS mode
