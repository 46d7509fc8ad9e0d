// name: export other property keys
// The node properties (first statement) and relationship properties (second) whose keys the
// data contract does not name ($known), with how many nodes or relationships hold each:
// `graphmodel export` leaves them out and says so.
MATCH (n)
UNWIND keys(n) AS key
WITH key
WHERE NOT key IN $known
RETURN key, count(*) AS holders
ORDER BY key;
MATCH ()-[r]->()
UNWIND keys(r) AS key
WITH key
WHERE NOT key IN $known
RETURN key, count(*) AS holders
ORDER BY key
