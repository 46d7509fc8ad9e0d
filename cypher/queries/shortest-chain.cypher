// name: shortest-chain
// The shortest chain of relationships (any type, either direction, at most 6 steps) between
// two organizations: the ids and names along it and the relationship types; of several
// shortest chains, the first by ids, then types. On Neo4j a breadth-first allShortestPaths:
// a bounded variable-length match there walked every path of up to 6 steps (minutes on a
// district of 1,500 units); FalkorDB, which has no undirected shortestPath, runs
// queries/falkordb/shortest-chain.cypher.
// param source: id of the first organization
// param target: id of the second organization
MATCH (a {id: $source})
MATCH (b {id: $target})
WHERE a <> b
MATCH p = allShortestPaths((a)-[*..6]-(b))
WITH p, [n IN nodes(p) | n.id] AS ids
RETURN ids, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types,
       length(p) AS steps
ORDER BY steps, ids, types
LIMIT 1
