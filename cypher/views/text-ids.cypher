// name: distinct text ids
// How many different text ids the nodes of the data contract's labels ($labels) have: the
// fewest nodes a whole-graph view would draw (the projection keys nodes by id, and ids of
// other kinds only add to that), so a view too big to draw is refused before the graph is
// read. Neo4j dialect: STARTS WITH '' holds for text only, on every Neo4j 5;
// cypher/views/falkordb/ has FalkorDB's type test (there STARTS WITH fails on a number).
MATCH (n)
WHERE labels(n)[0] IN $labels AND n.id STARTS WITH ''
RETURN count(DISTINCT n.id) AS ids
