// name: projection relationships with other modes (FalkorDB)
// The __TYPE__ relationships from __SOURCE__ nodes whose mode is neither null nor one of the
// contract's (only a user's --write query makes them), row by row so that the value keeps
// its kind.
MATCH (a:__SOURCE__)-[r:__TYPE__]->(b)
WHERE r.mode IS NOT NULL AND NOT r.mode IN __MODES__
RETURN id(a) AS source, id(b) AS target, r.mode AS mode
