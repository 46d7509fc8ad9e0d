// name: should-build
// Units with enough formal party members to build their own organization (應建必建) that
// have none of their own (graphmodel/status.py: standalone or entrusted): uncovered, or
// covered only jointly or by affiliation. current_modes lists how they are covered now.
// param min_members: formal party members that oblige a unit to build its own organization (default: 3)
MATCH (u)
WHERE (u:Enterprise OR u:Incubator OR u:SocialOrg) AND u.party_members >= $min_members
OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg)
WITH u, c ORDER BY c.mode
WITH u, collect(c.mode) AS current_modes
WHERE none(mode IN current_modes WHERE mode IN __OWN_MODES__)
RETURN u.id AS unit, u.name AS name, u.party_members AS party_members, current_modes
ORDER BY party_members DESC, unit
