// name: entity
// description: The entities a name or alias matches, with their aliases and how many documents name them.
// param: name (entity, required) name or alias of a Person, Company, Agency
// param: label (str, optional) only this label: Person, Company or Agency
// columns: key, label, name, aliases, documents
//
// How the workbench commands (merge, not-same, split, why) find the entity
// an analyst names; aliases are sorted so both stores give the same list.
MATCH (n)
WHERE (n:Person OR n:Company OR n:Agency) AND $name_norm IN n.norm_aliases
  AND ($label IS NULL OR n.label = $label)
UNWIND CASE WHEN size(n.aliases) = 0 THEN [null] ELSE n.aliases END AS alias
WITH n, alias
ORDER BY alias
WITH n, collect(alias) AS aliases
RETURN n.key AS key,
       n.label AS label,
       n.name AS name,
       aliases,
       size(n.doc_ids) AS documents
ORDER BY key, label, name, aliases, documents
