// name: area names
// The id and name of every zone and street, to label coverage groups.
MATCH (a)
WHERE a:Zone OR a:Street
RETURN a.id AS id, a.name AS name
