// name: projection relationship columns (FalkorDB)
// Every __TYPE__ relationship from a __SOURCE__ node as three lists: its ends' node ids and its mode's code: the
// rank in standalone 0, joint 1, affiliated 2, entrusted 3; -1 no mode; -2 another value
// (read again, row by row, with relationships-other-modes.cypher). The verbose reply sends
// each list as one text, which numpy reads: ~10x fewer Python objects than a row per
// relationship. The source label makes FalkorDB scan only those nodes (10x faster than
// all nodes); targets of labels the type does not allow are dropped by the caller.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
RETURN collect(id(a)) AS source, collect(id(b)) AS target,
       collect(CASE WHEN r.mode IS NULL THEN -1 WHEN r.mode = 'standalone' THEN 0
                    WHEN r.mode = 'joint' THEN 1 WHEN r.mode = 'affiliated' THEN 2
                    WHEN r.mode = 'entrusted' THEN 3 ELSE -2 END) AS mode
