// name: export relationships
// Every __TYPE__ relationship for `graphmodel export`: its own engine id (`key`), its ends'
// engine ids (as the node read's `key`), how many properties it has, and the data contract's
// relationship properties (schema.REL_PROPERTIES). __TYPE__ is replaced by graphmodel with a
// relationship type of its fixed schema (never user input); the ends' labels are checked
// against the contract by the caller.
MATCH (a)-[r:__TYPE__]->(b)
RETURN elementId(r) AS key, elementId(a) AS source, elementId(b) AS target,
       size(keys(r)) AS count, r.mode AS mode, r.since AS since, r.note AS note,
       r.provenance AS provenance
