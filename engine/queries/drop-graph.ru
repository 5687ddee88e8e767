# Drop a graph and its version record (also used to remove a staging graph).
# Parameters: ?graph (IRI), ?meta (IRI).
DROP SILENT GRAPH ?graph ;
DELETE WHERE { GRAPH ?meta { ?graph ?p ?o } }
