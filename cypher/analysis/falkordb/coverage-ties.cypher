// name: coverage ties (FalkorDB)
// The ends of every COVERS relationship with its mode's code (its rank in the mode order,
// -1 no mode, -2 a mode outside the contract: graphmodel/status.py); then of every GUIDES
// relationship; then the party organizations. Ends not of the right label are dropped by
// the caller.
MATCH (p)-[r:COVERS]->(u)
RETURN collect(id(p)) AS party, collect(id(u)) AS unit, collect(__MODE_CODE__) AS code;
MATCH (p)-[:GUIDES]->(u)
RETURN collect(id(p)) AS party, collect(id(u)) AS unit;
MATCH (p:PartyOrg)
RETURN collect(id(p)) AS party
