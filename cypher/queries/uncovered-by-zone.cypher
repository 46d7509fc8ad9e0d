// name: uncovered-by-zone
// Units in scope (enterprises, incubators, social organizations) that no party organization
// COVERS, listed by zone; units without a zone come under "(none)". Units with work coverage
// only (GUIDES) are listed too, with work_coverage true.
MATCH (u)
WHERE (u:Enterprise OR u:Incubator OR u:SocialOrg) AND NOT (u)<-[:COVERS]-(:PartyOrg)
OPTIONAL MATCH (u)-[:LOCATED_IN]->(z:Zone)
OPTIONAL MATCH (u)<-[g:GUIDES]-(:PartyOrg)
WITH u, z, count(g) AS guides
RETURN coalesce(z.id, '(none)') AS zone, coalesce(z.name, '(none)') AS zone_name,
       u.id AS unit, u.name AS name, u.party_members AS party_members,
       guides > 0 AS work_coverage
ORDER BY zone, unit
