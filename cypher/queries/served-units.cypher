// name: served-units
// The units a service body or party organization serves (services, venues, platforms).
// param body: id of the service body or party organization
MATCH (s {id: $body})-[r:SERVES]->(u)
RETURN labels(u)[0] AS label, u.id AS unit, u.name AS name, r.note AS note
ORDER BY unit
