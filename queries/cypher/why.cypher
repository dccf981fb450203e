// name: why
// description: Every relationship that links two entities, directly or through a contract, with all its evidence.
// param: a (entity, required) name or alias of a Person, Company, Agency
// param: b (entity, required) name or alias of another one
// columns: source, type, target, via, documents, sources, contradicting, evidence
//
// via names the contract when the link runs through one (each party's
// edge to it is a row). documents and sources count the distinct documents
// and sources (publisher or folder) that support the edge; contradicting
// counts documents whose evidence denies it. evidence holds the canonical
// JSON strings of graph.records.evidence_json: `newsgraph why` prints them.
MATCH (x), (y)
WHERE (x:Person OR x:Company OR x:Agency) AND $a_norm IN x.norm_aliases
  AND (y:Person OR y:Company OR y:Agency) AND $b_norm IN y.norm_aliases AND x <> y
UNWIND [(x)-[r]-(y) | {r: r, via: null}] +
       [(x)-[r]->(k:Contract)<--(y) | {r: r, via: k.name}] +
       [(x)-->(k:Contract)<-[r]-(y) | {r: r, via: k.name}] AS hit
WITH DISTINCT hit.r AS r, hit.via AS via
UNWIND CASE WHEN size(r.evidence) = 0 THEN [null] ELSE r.evidence END AS ev
WITH r, via, ev
ORDER BY ev
WITH r, via, collect(ev) AS evidence
RETURN startNode(r).name AS source,
       type(r) AS type,
       endNode(r).name AS target,
       via,
       coalesce(r.doc_count, size(r.doc_ids)) AS documents,
       coalesce(r.source_count, 0) AS sources,
       coalesce(r.contra_count, 0) AS contradicting,
       evidence
ORDER BY source, type, target, via, documents, sources, contradicting
