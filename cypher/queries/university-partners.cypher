// name: university-partners
// The organizations a university cooperates with (校企合作), in either direction.
// param university: id of the university
MATCH (u:University {id: $university})-[r:PARTNERS_WITH]-(o)
RETURN labels(o)[0] AS label, o.id AS id, o.name AS name, r.since AS since, r.note AS note
ORDER BY id
