// name: distinct text ids (FalkorDB)
// As ../text-ids.cypher, with FalkorDB's typeOf() for the type test.
MATCH (n)
WHERE labels(n)[0] IN $labels AND typeOf(n.id) = 'String'
RETURN count(DISTINCT n.id) AS ids
