// name: formation-by-street
// Per street: units in scope, how many are covered by a party organization, and the
// formation rate (組建率). Units without a street come under "(none)".
MATCH (u)
WHERE u:Enterprise OR u:Incubator OR u:SocialOrg
OPTIONAL MATCH (u)-[:LOCATED_IN]->(s:Street)
OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg)
WITH coalesce(s.id, '(none)') AS street, coalesce(s.name, '(none)') AS street_name, u,
     count(c) AS covers
WITH street, street_name, count(u) AS in_scope,
     count(CASE WHEN covers > 0 THEN 1 END) AS covered
RETURN street, street_name, in_scope, covered,
       round(1000.0 * covered / in_scope) / 1000.0 AS formation_rate
ORDER BY street
