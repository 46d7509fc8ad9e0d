// name: should-build units by status
// The in-scope units with $min_members or more formal party members (應建必建), counted by
// their status (the unit-status rule of graphmodel/status.py): graphmodel/analysis/
// indicators.py counts those with an organization of their own.
// param min_members: formal party members that oblige a unit to build its own organization
MATCH (u)
WHERE (u:Enterprise OR u:Incubator OR u:SocialOrg) AND u.party_members >= $min_members
OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg)
WITH u, collect(c.mode) AS modes
OPTIONAL MATCH (u)<-[g:GUIDES]-(:PartyOrg)
WITH u, modes, count(g) AS guides
RETURN __UNIT_STATUS__ AS status, count(*) AS units
