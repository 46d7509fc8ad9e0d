// name: clear for a whole-graph write
// Neo4j's whole-graph write (a new graph, or --replace in one transaction) keeps the nodes the
// new graph has again, with their index entries, and deletes the rest: deleting a node and
// creating one with the same id in the same transaction made each create cost milliseconds
// (Neo4j 5.26: 91,180 enterprises took 216 s, against 3.5 s when the nodes are kept).
// 1: every relationship; 2: nodes of other labels, of several labels, or without one;
// 3 (per label, __LABEL__ filled in by graphmodel): nodes whose id is not among $ids.
MATCH ()-[r]->()
DELETE r;
MATCH (n)
WHERE size(labels(n)) <> 1 OR NOT labels(n)[0] IN $labels
DETACH DELETE n;
MATCH (n:__LABEL__)
WHERE n.id IS NULL OR NOT n.id IN $ids
DETACH DELETE n;
