// name: export relationship counts
// How many relationships the graph holds per (first label of the source, type, first label
// of the target): `graphmodel export` tells what of them it could not write.
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS source, type(r) AS type, labels(b)[0] AS target,
       count(*) AS relationships
