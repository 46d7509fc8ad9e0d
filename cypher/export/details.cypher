// name: export details
// For `graphmodel export`, about the few nodes (first statement) and relationships (second)
// that have more than one label or properties the data contract does not name: all their
// labels and property keys, by the engine ids ($keys) the reads gave.
MATCH (n)
WHERE __KEY__(n) IN $keys
RETURN __KEY__(n) AS key, labels(n) AS labels, keys(n) AS keys;
MATCH ()-[r]->()
WHERE __KEY__(r) IN $keys
RETURN __KEY__(r) AS key, keys(r) AS keys
