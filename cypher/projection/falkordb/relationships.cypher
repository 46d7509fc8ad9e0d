// name: projection relationships (FalkorDB)
// As ../relationships.cypher, with FalkorDB's integer node ids as the ends' keys (the
// projection reads FalkorDB's relationships as columns instead: relationships-columns.cypher;
// this row read is kept to check that both reads give the same graph).
// param types: the relationship types to read
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN id(a) AS source,
       CASE size(labels(a)) WHEN 1 THEN labels(a)[0]
            ELSE reduce(text = '', label IN labels(a) | text + ':' + label) END AS source_label,
       type(r) AS type, id(b) AS target,
       CASE size(labels(b)) WHEN 1 THEN labels(b)[0]
            ELSE reduce(text = '', label IN labels(b) | text + ':' + label) END AS target_label,
       r.mode AS mode
