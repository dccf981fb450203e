// name: profile
// description: An entity, its neighbours and the evidence of each link.
// param: entity (entity, required) name or alias of a Person, Company, Agency
// param: limit (int, default 50, min 1) most rows returned
// columns: entity, label, direction, type, other, other_label, evidence, docs, first_doc, first_sentence
//
// One row per relationship of each entity the name matches. "First" evidence
// is the item earliest by (doc, start, sentence). Evidence items are the
// canonical JSON strings of graph.records.evidence_json (keys in a fixed
// order: doc, start, end, sentence, extractor, ...; ", " and ": "
// separators); core Cypher has no JSON parser, so the fields are cut out by
// their neighbouring keys and the string escapes undone (a u-escape, used
// only for rare control characters, is left as it is).
MATCH (n)
WHERE (n:Person OR n:Company OR n:Agency) AND $entity_norm IN n.norm_aliases
MATCH (n)-[r]-(m)
// An edge without evidence still makes a row (with no first sentence).
UNWIND CASE WHEN coalesce(size(r.evidence), 0) = 0 THEN [null] ELSE r.evidence END AS ev
WITH n, r, m, [raw IN [split(split(ev, '{"doc": "')[1], '", "start": ')[0],
                       split(split(ev, '"sentence": "')[1], '", "extractor": ')[0]] |
               reduce(text = null, part IN split(raw, '\\\\') |
                 CASE WHEN text IS NULL THEN '' ELSE text + '\\' END +
                 replace(replace(replace(replace(replace(replace(replace(part,
                   '\\"', '"'), '\\n', '\n'), '\\t', '\t'), '\\r', '\r'), '\\b', '\b'), '\\f', '\f'), '\\/', '/'))]
             AS doc_sentence,
     toInteger(split(split(ev, '", "start": ')[1], ', "end": ')[0]) AS start
ORDER BY doc_sentence[0], start, doc_sentence[1]
WITH n, r, m, collect(doc_sentence)[0] AS first
RETURN n.name AS entity,
       n.label AS label,
       CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type,
       m.name AS other,
       m.label AS other_label,
       coalesce(size(r.evidence), 0) AS evidence,
       coalesce(size(r.doc_ids), 0) AS docs,
       first[0] AS first_doc,
       first[1] AS first_sentence
ORDER BY entity, label, direction, type, other, other_label, evidence, docs, first_doc, first_sentence
LIMIT $limit
