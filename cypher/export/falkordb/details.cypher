// name: export details (FalkorDB)
// As ../details.cypher, by FalkorDB's integer ids.
MATCH (n)
WHERE id(n) IN $keys
RETURN id(n) AS key, labels(n) AS labels, keys(n) AS keys;
MATCH ()-[r]->()
WHERE id(r) IN $keys
RETURN id(r) AS key, keys(r) AS keys
