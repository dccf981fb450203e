// name: clients
// description: The agencies and firms a company supplies, or holds a contract with as its supplier.
// param: company (entity, required) name or alias of a Company
// param: limit (int, default 100, min 1) most rows returned
// columns: company, client, client_label, link, status, evidence
//
// link is "SUPPLIES" for a client link, "contract" for a deal the company
// supplies (any status: a blocked deal shows here, though it is no client
// link); evidence counts the items of the SUPPLIES or SUPPLIER_OF edge.
MATCH (c:Company)
WHERE $company_norm IN c.norm_aliases
UNWIND [(c)-[r:SUPPLIES]->(x) |
          {client: x.name, label: x.label, link: 'SUPPLIES', status: null, evidence: size(r.evidence)}] +
       [(c)-[r:SUPPLIER_OF]->(k:Contract)<-[:BUYER_OF]-(x) |
          {client: x.name, label: x.label, link: 'contract', status: k.status, evidence: size(r.evidence)}] AS hit
RETURN c.name AS company,
       hit.client AS client,
       hit.label AS client_label,
       hit.link AS link,
       hit.status AS status,
       hit.evidence AS evidence
ORDER BY company, client, client_label, link, status, evidence
LIMIT $limit
