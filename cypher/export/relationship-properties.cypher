// name: export relationship properties
// The relationships that have properties, for the column read of `graphmodel export`
// (relationship-columns.cypher): the engine id (`key`) and the data contract's relationship
// properties (schema.REL_PROPERTIES).
MATCH ()-[r]->()
WHERE size(keys(r)) > 0
RETURN __KEY__(r) AS key, __REL_PROPERTIES__(r)
