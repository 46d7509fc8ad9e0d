// name: export relationship columns
// Every relationship for `graphmodel export` as integer lists, read where the store reads
// columns (its engine ids are integers: GraphStore.read_columns): its ends' and its own
// engine ids, its number of properties, and its type as the number of the data contract's
// type (schema.RELATIONSHIPS, in order, from 1; 0: a type the contract does not name;
// tests/test_export_formats.py checks the list against the schema). The properties of those
// that have any come from relationship-properties.cypher.
MATCH (a)-[r]->(b)
RETURN collect(__KEY__(a)) AS source, collect(__KEY__(b)) AS target, collect(__KEY__(r)) AS key,
       collect(size(keys(r))) AS count,
       collect(CASE type(r)
         WHEN 'COVERS' THEN 1
         WHEN 'GUIDES' THEN 2
         WHEN 'SUBORDINATE_TO' THEN 3
         WHEN 'LOCATED_IN' THEN 4
         WHEN 'INCUBATES' THEN 5
         WHEN 'PARTNERS_WITH' THEN 6
         WHEN 'SERVES' THEN 7
         WHEN 'MEMBER_OF' THEN 8
         ELSE 0 END) AS type
