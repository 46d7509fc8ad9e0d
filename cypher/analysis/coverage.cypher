// name: coverage counts
// In-scope units counted inside the database by zone, street, industry, size and coverage
// status (the first COVERS mode in the order standalone, joint, affiliated, entrusted; else
// work_only when GUIDED; else uncovered). A unit in several zones or streets counts under the
// smallest id. graphmodel sums these rows for the grouping asked for.
MATCH (u)
WHERE u:Enterprise OR u:Incubator OR u:SocialOrg
OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg)
WITH u, collect(c.mode) AS modes
OPTIONAL MATCH (u)<-[g:GUIDES]-(:PartyOrg)
WITH u, modes, count(g) AS guides
OPTIONAL MATCH (u)-[:LOCATED_IN]->(z:Zone)
WITH u, modes, guides, min(z.id) AS zone
OPTIONAL MATCH (u)-[:LOCATED_IN]->(s:Street)
WITH u, modes, guides, zone, min(s.id) AS street
WITH zone, street, u.industry AS industry, u.size AS size,
     CASE
       WHEN 'standalone' IN modes THEN 'standalone'
       WHEN 'joint' IN modes THEN 'joint'
       WHEN 'affiliated' IN modes THEN 'affiliated'
       WHEN 'entrusted' IN modes THEN 'entrusted'
       WHEN guides > 0 THEN 'work_only'
       ELSE 'uncovered'
     END AS status
RETURN zone, street, industry, size, status, count(*) AS units
