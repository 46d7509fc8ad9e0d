// name: export nodes (FalkorDB)
// As ../nodes.cypher, with FalkorDB's integer node id as `key`, for the nodes whose id is
// from $first to $last: read in parts (EmbeddedStore.read_node_parts).
MATCH (n)
WHERE id(n) >= $first AND id(n) <= $last
RETURN id(n) AS key, labels(n)[0] AS label, size(labels(n)) AS label_count,
       size(keys(n)) AS count, n.id AS id, n.type AS type, n.name AS name,
       n.industry AS industry, n.size AS size, n.employees AS employees,
       n.party_members AS party_members, n.level AS level, n.provenance AS provenance
