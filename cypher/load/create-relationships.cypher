// name: create relationships
// Creates one batch of relationships of one type between two labels, in a graph that holds
// none of them yet (Neo4j's whole-graph write: a new graph or a --replace, in one transaction,
// after its relationships were deleted). CREATE, not MERGE: MERGE checks the relationships
// already at a node, which grew with a street's thousands of members.
// __SOURCE__, __TYPE__ and __TARGET__ are names of graphmodel's fixed schema; values travel in
// $rows: [{source, target, properties: {mode, since, note, provenance}}].
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})
MATCH (b:__TARGET__ {id: row.target})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.properties
