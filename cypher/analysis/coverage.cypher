// name: coverage counts
// In-scope units counted inside the database by coverage status (the unit-status rule of
// graphmodel/status.py, generated into this statement: the first COVERS mode in the order
// standalone, joint, affiliated, entrusted; else work_only when GUIDED; else uncovered) and
// by one grouping, $by: 'zone', 'street', 'industry', 'size', or null for the total alone.
// A unit in several zones or streets counts under the smallest id. Grouping in here sends
// one row per (group, status): 2,900 rows by street at 100k organizations where all four
// groupings at once sent 60,000.
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
WITH CASE $by WHEN 'zone' THEN zone WHEN 'street' THEN street
            WHEN 'industry' THEN u.industry WHEN 'size' THEN u.size END AS group,
     __UNIT_STATUS__ AS status
RETURN group, status, count(*) AS units
