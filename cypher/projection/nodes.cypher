// name: projection nodes
// Every organization with the properties the analyses and views use.
MATCH (n)
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.industry AS industry,
       n.size AS size, n.employees AS employees, n.party_members AS party_members,
       n.level AS level
