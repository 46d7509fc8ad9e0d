// name: graph data science
// Neo4j with the Graph Data Science library: the clusters' cooperation graph, handed over as
// integer columns (the ends and weight of each tie, nodes numbered from 0), is projected
// undirected, clustered by Leiden, ranked by betweenness, and dropped (graphmodel/store/gds.py).
// 1: the library's version (fails where GDS is not installed);
// 2: project the ties as graph $name; 3: Leiden; 4: betweenness; 5: drop the projection.
// The results come as collected lists: the driver reads one big list much faster than rows.
RETURN gds.version() AS version;
UNWIND range(0, size($first) - 1) AS tie
WITH gds.graph.project($name, $first[tie], $second[tie],
                       {relationshipProperties: {weight: $weight[tie]}},
                       {undirectedRelationshipTypes: ['*']}) AS graph
RETURN graph.nodeCount AS nodes, graph.relationshipCount AS relationships;
CALL gds.leiden.stream($name, {relationshipWeightProperty: 'weight', gamma: $gamma,
                               randomSeed: $seed, concurrency: 1})
YIELD nodeId, communityId
RETURN collect(nodeId) AS nodes, collect(communityId) AS communities;
CALL gds.betweenness.stream($name, $settings)
YIELD nodeId, score
RETURN collect(nodeId) AS nodes, collect(score) AS scores;
CALL gds.graph.drop($name, false)
YIELD graphName
RETURN graphName;
