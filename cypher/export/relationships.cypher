// name: export relationships
// The __TYPE__ relationships from __SOURCE__ nodes for `graphmodel export`: their ends' engine
// ids (as the node read's `key`), how many properties they have, and the data contract's
// relationship properties (schema.REL_PROPERTIES). __SOURCE__ and __TYPE__ are replaced by
// graphmodel with names of its fixed schema (never user input); the target's label is
// checked against the contract by the caller.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
RETURN elementId(a) AS source, elementId(b) AS target, size(keys(r)) AS count,
       r.mode AS mode, r.since AS since, r.note AS note, r.provenance AS provenance
