// name: export nodes
// Every node for `graphmodel export`: its first label, how many labels and properties it
// has, and the data contract's node properties (schema.NODE_PROPERTIES). `key` is the
// engine's own id of the node (__KEY__), which the relationship reads return for their
// ends; read in parts where the engine reads so (__IN_PART__).
MATCH (n)
WHERE __IN_PART__(n)
RETURN __KEY__(n) AS key, labels(n)[0] AS label, size(labels(n)) AS label_count,
       size(keys(n)) AS count, __NODE_PROPERTIES__(n)
