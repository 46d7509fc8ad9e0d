// name: nodes with these ids
// How many nodes of one label have one of the ids $ids (index-backed): the part a view reads
// (graphmodel/analysis/parts.py) counts them over every label, as a node outside the part
// that shares an id with one inside would be one node with it in the projection.
// __LABEL__ is replaced by graphmodel with a label of its fixed schema (never user input).
// param ids: organization ids
UNWIND $ids AS wanted
MATCH (n:__LABEL__ {id: wanted})
RETURN count(n) AS nodes
