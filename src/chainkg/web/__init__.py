"""The graph over HTTP: a read-only SPARQL endpoint, the named queries and the pages."""
