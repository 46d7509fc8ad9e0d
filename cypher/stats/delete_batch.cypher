// name: delete a batch
// Deletes up to $limit nodes with their relationships and says how many; repeated until 0.
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
