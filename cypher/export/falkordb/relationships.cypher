// name: export relationships (FalkorDB)
// As ../relationships.cypher, with FalkorDB's integer ids as the keys, for the relationships
// from the nodes whose id is from $first to $last: read in parts of the source nodes
// (EmbeddedStore.read_node_parts), so that no reply holds millions of rows.
MATCH (a)-[r:__TYPE__]->(b)
WHERE id(a) >= $first AND id(a) <= $last
RETURN id(r) AS key, id(a) AS source, id(b) AS target, size(keys(r)) AS count,
       r.mode AS mode, r.since AS since, r.note AS note, r.provenance AS provenance
