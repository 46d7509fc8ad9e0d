// name: should-build
// Units with enough formal party members to build their own organization (應建必建) that
// have no standalone organization of their own: uncovered, or covered only jointly, by
// affiliation or by entrustment. current_modes lists how they are covered now.
// param min_members: formal party members that oblige a unit to build its own organization (default: 3)
MATCH (u)
WHERE (u:Enterprise OR u:Incubator OR u:SocialOrg) AND u.party_members >= $min_members
  AND NOT (u)<-[:COVERS {mode: 'standalone'}]-(:PartyOrg)
OPTIONAL MATCH (u)<-[c:COVERS]-(:PartyOrg)
WITH u, c ORDER BY c.mode
RETURN u.id AS unit, u.name AS name, u.party_members AS party_members,
       collect(c.mode) AS current_modes
ORDER BY party_members DESC, unit
