// name: incubation-network
// An incubator's network: the enterprises it incubates, its partners (universities ...),
// the bodies that serve it and the associations it belongs to.
// param incubator: id of the incubator
MATCH (i:Incubator {id: $incubator})-[r]-(o)
WHERE type(r) IN ['INCUBATES', 'PARTNERS_WITH', 'SERVES', 'MEMBER_OF']
RETURN type(r) AS relationship, startNode(r) = i AS outgoing, labels(o)[0] AS label,
       o.id AS id, o.name AS name
ORDER BY relationship, id
