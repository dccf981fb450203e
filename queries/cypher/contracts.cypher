// name: contracts
// description: Contracts with their buyer, supplier, status, value and blockers, optionally filtered.
// param: buyer (entity, optional) name or alias of the buying Agency or Company
// param: supplier (entity, optional) name or alias of the supplying Company
// param: status (status, optional) only contracts with this status
// param: limit (int, default 100, min 1) most rows returned
// columns: contract, buyer, supplier, status, value, currency, blocked_by, docs
//
// blocked_by is sorted by name (ORDER BY before collect) so both stores
// give the same list; docs counts the documents that mention the deal.
MATCH (b)-[:BUYER_OF]->(k:Contract)<-[:SUPPLIER_OF]-(s)
WHERE ($buyer_norm IS NULL OR $buyer_norm IN b.norm_aliases)
  AND ($supplier_norm IS NULL OR $supplier_norm IN s.norm_aliases)
  AND ($status IS NULL OR k.status = $status)
OPTIONAL MATCH (x)-[:BLOCKED]->(k)
WITH b, k, s, x
ORDER BY x.name
WITH b, k, s, collect(x.name) AS blocked_by
RETURN k.name AS contract,
       b.name AS buyer,
       s.name AS supplier,
       k.status AS status,
       k.value AS value,
       k.currency AS currency,
       blocked_by,
       size(k.doc_ids) AS docs
ORDER BY contract, buyer, supplier, status, value, currency, blocked_by, docs
LIMIT $limit
