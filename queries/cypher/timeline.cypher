// name: timeline
// description: The dated links of an entity: its relationships and the contracts it is party to, with their evidence.
// param: entity (entity, required) name or alias of a Person, Company, Agency
// columns: entity, source, type, target, via, evidence
//
// One row per edge: the entity's own edges, and every party's edge to a
// contract the entity is party to (via names the contract). `newsgraph
// timeline` orders the evidence by the date each sentence states (else the
// document's publication date).
MATCH (n)
WHERE (n:Person OR n:Company OR n:Agency) AND $entity_norm IN n.norm_aliases
UNWIND [(n)-[r]-(m) WHERE NOT m:Contract | {r: r, via: null}] +
       [(n)-[r]->(k:Contract) | {r: r, via: k.name}] +
       [(n)-->(k:Contract)<-[r]-() | {r: r, via: k.name}] AS hit
WITH DISTINCT n, hit.r AS r, hit.via AS via
UNWIND CASE WHEN size(r.evidence) = 0 THEN [null] ELSE r.evidence END AS ev
WITH n, r, via, ev
ORDER BY ev
WITH n, r, via, collect(ev) AS evidence
RETURN n.name AS entity,
       startNode(r).name AS source,
       type(r) AS type,
       endNode(r).name AS target,
       via,
       evidence
ORDER BY entity, source, type, target, via
