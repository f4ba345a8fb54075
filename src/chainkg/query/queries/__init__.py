"""The named SPARQL queries (``*.rq``); ``chainkg.query.library`` reads them."""
