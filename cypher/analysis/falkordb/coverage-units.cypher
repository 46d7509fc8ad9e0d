// name: coverage units (FalkorDB)
// The in-scope units as FalkorDB node ids, one row per group when $by is 'industry' or
// 'size' (else one row, group null). Coverage on FalkorDB is counted from these columns
// and the COVERS and GUIDES ends (coverage-ties.cypher) with numpy: FalkorDB's aggregation
// per unit (../coverage.cypher) grew 15x from 100k to 1M organizations.
// param by: 'zone', 'street', 'industry', 'size', or null
MATCH (u)
WHERE u:Enterprise OR u:Incubator OR u:SocialOrg
RETURN CASE $by WHEN 'industry' THEN u.industry WHEN 'size' THEN u.size END AS group,
       collect(id(u)) AS units
