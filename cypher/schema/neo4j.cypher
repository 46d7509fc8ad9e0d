// name: schema (Neo4j)
// Unique id per label: MERGE on id is then an index lookup, and ids cannot repeat.
// Run by graphmodel before every load; IF NOT EXISTS makes it safe to repeat.
CREATE CONSTRAINT enterprise_id IF NOT EXISTS FOR (n:Enterprise) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT incubator_id IF NOT EXISTS FOR (n:Incubator) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT social_org_id IF NOT EXISTS FOR (n:SocialOrg) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT party_org_id IF NOT EXISTS FOR (n:PartyOrg) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT university_id IF NOT EXISTS FOR (n:University) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_body_id IF NOT EXISTS FOR (n:ServiceBody) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT zone_id IF NOT EXISTS FOR (n:Zone) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT street_id IF NOT EXISTS FOR (n:Street) REQUIRE n.id IS UNIQUE;
