// name: paths
// description: Shortest paths between two entities, whatever the direction of each link, through contracts too.
// param: source (entity, required) name or alias of a Person, Company, Agency
// param: target (entity, required) name or alias of a Person, Company, Agency
// param: max_hops (int, default 4, min 1, max 10) longest path searched, in relationships
// param: limit (int, default 100, min 1) most rows returned
// columns: hops, path, types
//
// A variable-length bound cannot be a parameter, so the pattern searches up
// to the largest allowed max_hops (10) and a later WHERE keeps the short
// enough. That WHERE follows a WITH on purpose: a path predicate on the MATCH
// itself could make Neo4j fall back to an exhaustive search of all paths.
MATCH (a)
WHERE (a:Person OR a:Company OR a:Agency) AND $source_norm IN a.norm_aliases
MATCH (b)
WHERE (b:Person OR b:Company OR b:Agency) AND $target_norm IN b.norm_aliases AND a <> b
MATCH p = allShortestPaths((a)-[*..10]-(b))
WITH p
WHERE length(p) <= $max_hops
RETURN length(p) AS hops,
       [node IN nodes(p) | node.name] AS path,
       [rel IN relationships(p) | type(rel)] AS types
ORDER BY hops, path, types
LIMIT $limit
