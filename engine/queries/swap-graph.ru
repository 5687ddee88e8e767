# Swap a fully loaded (and counted) staging graph in place of a live graph, then record its
# version. MOVE replaces the destination's content by definition (SPARQL 1.1 Update 3.2.4),
# so no separate DROP is needed: the live graph changes in exactly one operation.
# Oxigraph applies the whole request in one transaction. Virtuoso does not undo earlier
# operations of a request when a later one fails (see the README); putting the MOVE first
# means a failed version record leaves new data under the old version, which the next
# install sees as out of date and reloads, never old data under a new version.
# The staging graph's own record (remote backend, queries/record-staging.ru) goes with it.
# Parameters: ?graph (IRI), ?staging (IRI), ?meta (IRI), ?version (string), ?modified (dateTime).
PREFIX dct: <http://purl.org/dc/terms/>
MOVE SILENT GRAPH ?staging TO GRAPH ?graph ;
DELETE WHERE { GRAPH ?meta { ?graph ?p ?o } } ;
DELETE WHERE { GRAPH ?meta { ?staging ?p ?o } } ;
INSERT DATA { GRAPH ?meta { ?graph dct:hasVersion ?version ; dct:modified ?modified } }
