// name: export relationship properties
// The __TYPE__ relationships that have properties, for the column read of `graphmodel export`
// (relationship-columns.cypher): the engine id (`key`) and the data contract's relationship
// properties (schema.REL_PROPERTIES). Read for the types whose relationships have any:
// FalkorDB finds one type's relationships faster than it looks at every relationship (at
// 100k organizations 0.14 s for the COVERS that have properties, 0.31 s for all). __TYPE__
// is replaced by graphmodel with a relationship type of its fixed schema (never user input).
MATCH ()-[r:__TYPE__]->()
WHERE size(keys(r)) > 0
RETURN __KEY__(r) AS key, __REL_PROPERTIES__(r)
