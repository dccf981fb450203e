// name: contracts
// description: Contracts with their buyer, supplier, status, value and blockers, optionally filtered.
// param: buyer (entity, optional) name or alias of the buying Agency or Company
// param: supplier (entity, optional) name or alias of the supplying Company
// param: status (status, optional) only contracts with this status
// param: min_sources (int, default 1, min 0) only links stated by at least this many sources (0: also links only contradicted)
// param: as_of (date, optional) only links that held on this date (by the dates their sentences state)
// param: limit (int, default 100, min 1) most rows returned
// columns: contract, buyer, supplier, status, value, currency, blocked_by, docs
//
// blocked_by is sorted by name (ORDER BY before collect) so both stores
// give the same list; docs counts the documents that mention the deal.
//
// A link counts when the supplier's edge to the contract has at least min_sources supporting sources
// (publishers or folders; a store loaded before sources were kept counts
// one) and, given as_of, its valid_from/valid_to (when stated) enclose it.
MATCH (b)-[:BUYER_OF]->(k:Contract)<-[r:SUPPLIER_OF]-(s)
WHERE ($buyer_norm IS NULL OR $buyer_norm IN b.norm_aliases)
  AND ($supplier_norm IS NULL OR $supplier_norm IN s.norm_aliases)
  AND ($status IS NULL OR k.status = $status)
  AND coalesce(r.source_count, 1) >= $min_sources AND ($as_of IS NULL OR (coalesce(r.valid_from, '') <= $as_of AND coalesce(r.valid_to, '9999') >= $as_of))
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
