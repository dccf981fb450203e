// name: founder-clients
// description: The government clients of the companies people founded or lead.
// param: person (entity, optional) name or alias of a Person; all people when absent
// param: min_sources (int, default 1, min 0) only links stated by at least this many sources (0: also links only contradicted)
// param: as_of (date, optional) only links that held on this date (by the dates their sentences state)
// param: limit (int, default 100, min 1) most rows returned
// columns: person, role, company, client, client_label, link, status
//
// A client is an Agency the company SUPPLIES (link "SUPPLIES") or that buys
// a contract the company supplies (link "contract", with the deal's status).
//
// A link counts when its edge has at least min_sources supporting sources
// (publishers or folders; a store loaded before sources were kept counts
// one) and, given as_of, its valid_from/valid_to (when stated) enclose it.
MATCH (p:Person)-[role:FOUNDED|LEADS]->(c:Company)
WHERE ($person_norm IS NULL OR $person_norm IN p.norm_aliases)
  AND coalesce(role.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(role.valid_from, '') <= $as_of AND coalesce(role.valid_to, '9999') >= $as_of))
UNWIND [(c)-[r:SUPPLIES]->(a:Agency) WHERE coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of)) |
          {client: a.name, label: a.label, link: 'SUPPLIES', status: null}] +
       [(c)-[r:SUPPLIER_OF]->(k:Contract)<-[:BUYER_OF]-(a:Agency) WHERE coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of)) |
          {client: a.name, label: a.label, link: 'contract', status: k.status}] AS hit
RETURN p.name AS person,
       type(role) AS role,
       c.name AS company,
       hit.client AS client,
       hit.label AS client_label,
       hit.link AS link,
       hit.status AS status
ORDER BY person, role, company, client, client_label, link, status
LIMIT $limit
