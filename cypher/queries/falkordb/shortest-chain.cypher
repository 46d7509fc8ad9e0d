// name: shortest-chain
// FalkorDB's dialect of ../shortest-chain.cypher: a bounded variable-length match, because
// FalkorDB has no undirected shortestPath (it finds the same chain).
// param source: id of the first organization
// param target: id of the second organization
MATCH p = (a {id: $source})-[*1..6]-(b {id: $target})
WITH p, [n IN nodes(p) | n.id] AS ids
RETURN ids, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types,
       length(p) AS steps
ORDER BY steps, ids, types
LIMIT 1
