// name: units in time
// Every in-scope unit with its dates and the zone and street it lies in (the smallest id,
// as coverage counts it): what `graphmodel trend` needs of the units, read once for all
// the days it reports.
MATCH (u)
WHERE u:Enterprise OR u:Incubator OR u:SocialOrg
OPTIONAL MATCH (u)-[:LOCATED_IN]->(z:Zone)
WITH u, min(z.id) AS zone
OPTIONAL MATCH (u)-[:LOCATED_IN]->(s:Street)
RETURN u.id AS id, u.founded AS founded, u.closed AS closed, zone, min(s.id) AS street;

// name: coverage ties in time
// Every COVERS and GUIDES of a party organization with its dates, the mode's code
// (graphmodel/status.py) and the dates of the party organization (a closed one covers
// nothing).
MATCH (p:PartyOrg)-[r:COVERS|GUIDES]->(u)
WHERE u:Enterprise OR u:Incubator OR u:SocialOrg
RETURN u.id AS unit, type(r) AS type, __MODE_CODE__ AS mode, r.since AS since,
       r.until AS until, p.founded AS founded, p.closed AS closed;
