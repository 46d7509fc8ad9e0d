// name: relationship properties as they are (FalkorDB)
// The __TYPE__ relationships from __SOURCE__ nodes that have properties, with the contract's
// relationship properties (schema.REL_PROPERTIES), a row each (graphmodel.changes).
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
WHERE size(keys(r)) > 0
RETURN id(a) AS source, id(b) AS target, __REL_PROPERTIES__(r)
