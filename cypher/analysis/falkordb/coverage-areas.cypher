// name: coverage areas (FalkorDB)
// Each zone or street (__TARGET__) with the FalkorDB node ids of the nodes LOCATED_IN it.
MATCH (u)-[:LOCATED_IN]->(a:__TARGET__)
RETURN a.id AS group, collect(id(u)) AS units
