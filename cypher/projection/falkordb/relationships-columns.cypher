// name: projection relationship columns (FalkorDB)
// Every __TYPE__ relationship from a __SOURCE__ node as three lists: its ends' node ids and
// its mode's code (its rank in the mode order; -1 no mode; -2 another value, read again row
// by row with relationships-other-modes.cypher: graphmodel/status.py). The verbose reply
// sends each list as one text, which numpy reads: ~10x fewer Python objects than a row per
// relationship. The source label makes FalkorDB scan only those nodes (10x faster than
// all nodes); targets of labels the type does not allow are dropped by the caller.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
RETURN collect(id(a)) AS source, collect(id(b)) AS target, collect(__MODE_CODE__) AS mode
