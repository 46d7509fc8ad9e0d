// name: cluster members
// The name, industry and zone (the smallest zone id it is LOCATED_IN) of the __LABEL__ nodes
// whose id is in $ids: what names a cluster and labels it by its main industry and zone.
MATCH (n:__LABEL__)
WHERE n.id IN $ids
OPTIONAL MATCH (n)-[:LOCATED_IN]->(z:Zone)
RETURN n.id AS id, n.name AS name, n.industry AS industry, min(z.id) AS zone
