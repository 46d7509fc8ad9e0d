// name: nodes per label
// How many nodes carry each label.
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS count
ORDER BY label
