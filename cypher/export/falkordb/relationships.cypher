// name: export relationships (FalkorDB)
// As ../relationships.cypher, with FalkorDB's integer node ids as the ends' keys.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
RETURN id(a) AS source, id(b) AS target, size(keys(r)) AS count,
       r.mode AS mode, r.since AS since, r.note AS note, r.provenance AS provenance
