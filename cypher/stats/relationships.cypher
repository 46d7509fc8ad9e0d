// name: relationships per type
// How many relationships there are of each type.
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
