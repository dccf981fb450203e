// name: paths
// description: Shortest paths between two entities, whatever the direction of each link, through contracts too.
// param: source (entity, required) name or alias of a Person, Company, Agency
// param: target (entity, required) name or alias of a Person, Company, Agency
// param: max_hops (int, default 4, min 1, max 10) longest path searched, in relationships
// param: min_sources (int, default 1, min 0) only links stated by at least this many sources (0: also links only contradicted)
// param: as_of (date, optional) only links that held on this date (by the dates their sentences state)
// param: limit (int, default 100, min 1) most rows returned
// columns: hops, path, types
//
// A variable-length bound cannot be a parameter, so the pattern searches up
// to the largest allowed max_hops (10) and a later WHERE keeps the short
// enough. That WHERE follows a WITH on purpose: a path predicate on the MATCH
// itself could make Neo4j fall back to an exhaustive search of all paths;
// the filter on every relationship (min_sources, as_of) is one Neo4j
// applies during the shortest-path search itself.
//
// A link counts when its edge has at least min_sources supporting sources
// (publishers or folders; a store loaded before sources were kept counts
// one) and, given as_of, its valid_from/valid_to (when stated) enclose it.
MATCH (a)
WHERE (a:Person OR a:Company OR a:Agency) AND $source_norm IN a.norm_aliases
MATCH (b)
WHERE (b:Person OR b:Company OR b:Agency) AND $target_norm IN b.norm_aliases AND a <> b
MATCH p = allShortestPaths((a)-[*..10]-(b))
WHERE all(r IN relationships(p) WHERE coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of)))
WITH p
WHERE length(p) <= $max_hops
RETURN length(p) AS hops,
       [node IN nodes(p) | node.name] AS path,
       [rel IN relationships(p) | type(rel)] AS types
ORDER BY hops, path, types
LIMIT $limit
