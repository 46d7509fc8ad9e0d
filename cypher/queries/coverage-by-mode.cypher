// name: coverage-by-mode
// How many units party organizations cover by each form of building (standalone, joint,
// affiliated, entrusted), and through how many organizations.
MATCH (p:PartyOrg)-[c:COVERS]->(u)
RETURN c.mode AS mode, count(DISTINCT u) AS units, count(DISTINCT p) AS organizations
ORDER BY mode
