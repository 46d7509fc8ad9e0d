// name: isolated-units
// Units in scope tied to nobody: no partnership, incubation, service or membership at all.
MATCH (u)
WHERE (u:Enterprise OR u:Incubator OR u:SocialOrg)
  AND NOT (u)-[:PARTNERS_WITH|INCUBATES|SERVES|MEMBER_OF]-()
RETURN labels(u)[0] AS label, u.id AS unit, u.name AS name
ORDER BY unit
