// name: export other relationship types
// How many relationships there are in all (first statement), and, when that is more than
// `graphmodel export` read, how many of each type the data contract does not name
// ($types: the contract's types).
MATCH ()-[r]->()
RETURN count(r) AS relationships;
MATCH ()-[r]->()
WHERE NOT type(r) IN $types
RETURN type(r) AS type, count(r) AS relationships
ORDER BY type
