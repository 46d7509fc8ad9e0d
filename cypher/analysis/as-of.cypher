// name: organizations not there on a day
// The organizations founded after $day or closed by it (graphmodel/status.py: the rule in
// time); an empty date sets no bound. Analyses as of $day leave them out.
// param day: an ISO date
MATCH (n)
WHERE __NODE_NOT_THERE__
RETURN n.id AS id;

// name: coverage ties not counting on a day
// The COVERS and GUIDES relationships that began after $day or ended by it: as of $day
// they cover or guide nothing. Both come from party organizations (the contract), and
// starting from that label reads a third of the time of all relationships on FalkorDB.
// param day: an ISO date
MATCH (a:PartyOrg)-[r:COVERS|GUIDES]->(b)
WHERE __TIE_NOT_THERE__
RETURN a.id AS source, type(r) AS type, b.id AS target;
