// name: founder-clients
// description: The government clients of the companies people founded or lead.
// param: person (entity, optional) name or alias of a Person; all people when absent
// param: limit (int, default 100, min 1) most rows returned
// columns: person, role, company, client, client_label, link, status
//
// A client is an Agency the company SUPPLIES (link "SUPPLIES") or that buys
// a contract the company supplies (link "contract", with the deal's status).
MATCH (p:Person)-[role:FOUNDED|LEADS]->(c:Company)
WHERE $person_norm IS NULL OR $person_norm IN p.norm_aliases
UNWIND [(c)-[:SUPPLIES]->(a:Agency) |
          {client: a.name, label: a.label, link: 'SUPPLIES', status: null}] +
       [(c)-[:SUPPLIER_OF]->(k:Contract)<-[:BUYER_OF]-(a:Agency) |
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
