// name: export own properties
// For `graphmodel export`, the values of one property key the data contract does not name
// ($name): of every node that has it (first statement), of every relationship that has it
// (second), by the engine ids (`key`) the node and relationship reads return.
MATCH (n)
WHERE n[$name] IS NOT NULL
RETURN __KEY__(n) AS key, n[$name] AS value;
MATCH ()-[r]->()
WHERE r[$name] IS NOT NULL
RETURN __KEY__(r) AS key, r[$name] AS value
