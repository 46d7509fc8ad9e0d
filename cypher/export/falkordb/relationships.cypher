// name: export relationships (FalkorDB)
// As ../relationships.cypher, with FalkorDB's integer ids as the keys.
MATCH (a)-[r:__TYPE__]->(b)
RETURN id(r) AS key, id(a) AS source, id(b) AS target, size(keys(r)) AS count,
       r.mode AS mode, r.since AS since, r.note AS note, r.provenance AS provenance
