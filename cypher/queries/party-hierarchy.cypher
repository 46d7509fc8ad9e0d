// name: party-hierarchy
// The party organizations under one organization (SUBORDINATE_TO, up to 10 levels down),
// with how many levels below it each one is.
// param organization: id of the party organization at the top
MATCH path = (child:PartyOrg)-[:SUBORDINATE_TO*1..10]->(:PartyOrg {id: $organization})
RETURN child.id AS organization, child.name AS name, child.level AS level,
       length(path) AS depth
ORDER BY depth, organization
