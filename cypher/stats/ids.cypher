// name: ids and labels
// Every node's id and label: a load checks that no id would get a second label.
MATCH (n)
RETURN n.id AS id, labels(n)[0] AS label
