"""The named SPARQL queries (``*.rq``); ``chainkg.querylib`` reads them."""
