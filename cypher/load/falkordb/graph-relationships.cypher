// name: relationships as they are (FalkorDB)
// Every __TYPE__ relationship from a __SOURCE__ node as three integer lists: its ends'
// FalkorDB ids and its number of properties (graphmodel.changes; the verbose reply sends a
// list as one text that numpy reads, see GraphStore.read_columns).
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
RETURN collect(id(a)) AS source, collect(id(b)) AS target, collect(size(keys(r))) AS count
