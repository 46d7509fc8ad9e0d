// name: load nodes
// Creates or updates one batch of organizations of one label; idempotent (MERGE on id).
// __LABEL__ is replaced by graphmodel with one label of its fixed schema (never user input);
// every value travels in $rows: [{id, properties: {id, type, name, ...}}].
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n = row.properties
