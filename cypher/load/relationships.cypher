// name: load relationships
// Creates or updates one batch of relationships of one type between two labels; idempotent.
// __SOURCE__, __TYPE__ and __TARGET__ are replaced by graphmodel with names of its fixed schema
// (never user input), so both ends are index lookups; values travel in $rows:
// [{source, target, properties: {mode, since, note, provenance}}].
UNWIND $rows AS row
MATCH (a:__SOURCE__ {id: row.source})
MATCH (b:__TARGET__ {id: row.target})
MERGE (a)-[r:__TYPE__]->(b)
SET r = row.properties
