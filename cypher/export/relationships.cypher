// name: export relationships
// Every __TYPE__ relationship for `graphmodel export`: its own engine id (`key`), its ends'
// engine ids (as the node read's `key`), how many properties it has, and the data contract's
// relationship properties (schema.REL_PROPERTIES), read in parts of the source nodes where
// the engine reads so (__IN_PART__), so that no reply holds millions of rows. __TYPE__ is
// replaced by graphmodel with a relationship type of its fixed schema (never user input);
// the ends' labels are checked against the contract by the caller.
MATCH (a)-[r:__TYPE__]->(b)
WHERE __IN_PART__(a)
RETURN __KEY__(r) AS key, __KEY__(a) AS source, __KEY__(b) AS target,
       size(keys(r)) AS count, __REL_PROPERTIES__(r)
