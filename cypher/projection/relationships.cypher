// name: projection relationships
// Every relationship of the types in $types as (source key, source label, type, target key,
// target label, mode), the keys being the engine's own node ids of the projection's node read
// (__KEY__: elementId on Neo4j, id on FalkorDB). A label comes as text, or for a node with other than one label
// as ':A:B' (every value read is text: the embedded engine's fast read takes scalars only).
// graphmodel keeps the (source label, type, target label) the contract allows. One statement
// for every type: after a graph changed much, Neo4j plans each statement anew (~25-50 ms
// each), and reading the 64 allowed triples one by one cost seconds in plans.
// param types: the relationship types to read
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN __KEY__(a) AS source,
       CASE size(labels(a)) WHEN 1 THEN labels(a)[0]
            ELSE reduce(text = '', label IN labels(a) | text + ':' + label) END AS source_label,
       type(r) AS type, __KEY__(b) AS target,
       CASE size(labels(b)) WHEN 1 THEN labels(b)[0]
            ELSE reduce(text = '', label IN labels(b) | text + ':' + label) END AS target_label,
       r.mode AS mode
