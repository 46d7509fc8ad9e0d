// name: area names
// The id, name and kind ('zone' or 'street') of every zone and street: to label coverage
// groups, and to list the areas no unit is in (with 0 units).
MATCH (a)
WHERE a:Zone OR a:Street
RETURN a.id AS id, a.name AS name, CASE WHEN a:Zone THEN 'zone' ELSE 'street' END AS kind
