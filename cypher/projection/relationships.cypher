// name: projection relationships
// The relationships of one type between two labels, as (source key, target key, mode), the
// keys being the engine's own node ids of the projection's node read (Neo4j dialect).
// __SOURCE__, __TYPE__ and __TARGET__ are replaced by graphmodel with names of its fixed schema
// (never user input); it reads one allowed (source label, type, target label) at a time, so
// no single reply holds the whole graph and no row repeats the type.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b:__TARGET__)
RETURN elementId(a) AS source, elementId(b) AS target, r.mode AS mode
