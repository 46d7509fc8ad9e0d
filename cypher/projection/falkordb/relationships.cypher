// name: projection relationships (FalkorDB)
// As ../relationships.cypher, with FalkorDB's integer node ids as the ends' keys.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
RETURN id(a) AS source, id(b) AS target, r.mode AS mode
