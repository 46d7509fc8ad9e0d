// name: schema (FalkorDB)
// A range index on id per label: MERGE and MATCH on id become index lookups.
// FalkorDB's unique constraints are not Cypher (GRAPH.CONSTRAINT CREATE ... UNIQUE NODE Label
// PROPERTIES 1 id): graphmodel issues that command for each label after these indexes.
CREATE INDEX FOR (n:Enterprise) ON (n.id);
CREATE INDEX FOR (n:Incubator) ON (n.id);
CREATE INDEX FOR (n:SocialOrg) ON (n.id);
CREATE INDEX FOR (n:PartyOrg) ON (n.id);
CREATE INDEX FOR (n:University) ON (n.id);
CREATE INDEX FOR (n:ServiceBody) ON (n.id);
CREATE INDEX FOR (n:Zone) ON (n.id);
CREATE INDEX FOR (n:Street) ON (n.id);
