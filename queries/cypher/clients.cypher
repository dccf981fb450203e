// name: clients
// description: The agencies and firms a company supplies, or holds a contract with as its supplier.
// param: company (entity, required) name or alias of a Company
// param: min_sources (int, default 1, min 0) only links stated by at least this many sources (0: also links only contradicted)
// param: as_of (date, optional) only links that held on this date (by the dates their sentences state)
// param: limit (int, default 100, min 1) most rows returned
// columns: company, client, client_label, link, status, evidence
//
// link is "SUPPLIES" for a client link, "contract" for a deal the company
// supplies (any status: a blocked deal shows here, though it is no client
// link); evidence counts the items of the SUPPLIES or SUPPLIER_OF edge.
//
// A link counts when its edge has at least min_sources supporting sources
// (publishers or folders; a store loaded before sources were kept counts
// one) and, given as_of, its valid_from/valid_to (when stated) enclose it.
MATCH (c:Company)
WHERE $company_norm IN c.norm_aliases
UNWIND [(c)-[r:SUPPLIES]->(x) WHERE coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of)) |
          {client: x.name, label: x.label, link: 'SUPPLIES', status: null, evidence: size(r.evidence)}] +
       [(c)-[r:SUPPLIER_OF]->(k:Contract)<-[:BUYER_OF]-(x) WHERE coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of)) |
          {client: x.name, label: x.label, link: 'contract', status: k.status, evidence: size(r.evidence)}] AS hit
RETURN c.name AS company,
       hit.client AS client,
       hit.label AS client_label,
       hit.link AS link,
       hit.status AS status,
       hit.evidence AS evidence
ORDER BY company, client, client_label, link, status, evidence
LIMIT $limit
