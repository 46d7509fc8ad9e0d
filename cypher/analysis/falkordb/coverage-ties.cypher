// name: coverage ties (FalkorDB)
// The ends of every COVERS relationship with its mode's rank in the mode order standalone 0,
// joint 1, affiliated 2, entrusted 3 (4: not a mode); then of every GUIDES relationship; then
// the party organizations. Ends not of the right label are dropped by the caller.
MATCH (p)-[c:COVERS]->(u)
RETURN collect(id(p)) AS party, collect(id(u)) AS unit,
       collect(CASE c.mode WHEN 'standalone' THEN 0 WHEN 'joint' THEN 1
                           WHEN 'affiliated' THEN 2 WHEN 'entrusted' THEN 3 ELSE 4 END) AS rank;
MATCH (p)-[:GUIDES]->(u)
RETURN collect(id(p)) AS party, collect(id(u)) AS unit;
MATCH (p:PartyOrg)
RETURN collect(id(p)) AS party
