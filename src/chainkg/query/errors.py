"""Errors of the query layer; each message is one line for people."""

from __future__ import annotations


class QueryError(ValueError):
    """A query or its parameters cannot be run; the message is one line for people."""


class QueryHeaderError(QueryError):
    """A named query file has a malformed header."""


class UnknownQueryError(QueryError):
    pass


class ParameterError(QueryError):
    pass


class QuerySyntaxError(QueryError):
    """SPARQL that does not parse; ``line`` and ``column`` are 1-based when known."""

    def __init__(self, message: str, origin: str = "query", line: int | None = None,
                 column: int | None = None) -> None:
        where = f"{origin}:{line}:{column}" if line is not None else origin
        super().__init__(f"{where}: SPARQL syntax error: {message}")
        self.line, self.column = line, column



class NetworkAccessError(QueryError):
    """A local query asked for something on the network (SERVICE)."""
