# Record a staging graph before it is loaded (remote backend), so that an import killed
# half-way leaves a graph the next write can find and remove (queries/staging-graphs.rq).
# The swap and the drop delete this record with the staging graph.
# Parameters: ?staging (IRI), ?meta (IRI), ?created (dateTime).
PREFIX dct: <http://purl.org/dc/terms/>
INSERT DATA { GRAPH ?meta { ?staging dct:created ?created } }
