// name: joint-branches
// Each party organization built jointly (聯合組建) with the units it covers that way.
MATCH (p:PartyOrg)-[:COVERS {mode: 'joint'}]->(u)
WITH p, u ORDER BY u.id
RETURN p.id AS organization, p.name AS name, p.level AS level, count(u) AS unit_count,
       collect(u.id) AS units, collect(u.name) AS unit_names
ORDER BY organization
