"""SPARQL text: parsing (syntax errors with line and column), comments, the WHERE group,
parameter bindings as a ``VALUES`` block, and the refusal of SERVICE on local stores."""

from __future__ import annotations

import collections
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import rdflib.plugins.sparql
from rdflib import Literal, URIRef

from ..core.namespaces import PREFIXES
from .errors import NetworkAccessError, QueryError, QuerySyntaxError
from .results import FLOAT_TYPES, INTEGER_TYPES, canonical_number

# rdflib would otherwise fetch the IRIs of FROM / FROM NAMED clauses (files and URLs).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


class _TextKeyedCache:
    """An LRU cache keyed by query text, bounded by the total characters of its keys.

    A parsed query takes about 25 times the memory of its text (a 0.9 MB query held
    23 MB), so ``lru_cache(maxsize=N)`` bounded nothing; texts over ``max_text`` are not
    kept at all. functools and cachetools bound entries by count or by a size function
    of the value, not of the key; this is the few lines they lack.
    """

    def __init__(self, budget: int, max_text: int):
        self.budget, self.max_text, self.used = budget, max_text, 0
        self.entries: collections.OrderedDict[tuple, Any] = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, compute):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = compute()
        size = sum(len(k) for k in key if isinstance(k, str))
        if size <= self.max_text:
            with self.lock:
                if key not in self.entries:
                    self.entries[key] = value
                    self.used += size
                while self.used > self.budget and self.entries:
                    old, _ = self.entries.popitem(last=False)
                    self.used -= sum(len(k) for k in old if isinstance(k, str))
        return value

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


# About 20 MB of parsed queries at most; the named queries are a few KB each.
_PARSED = _TextKeyedCache(budget=800_000, max_text=64_000)
_WHERE = _TextKeyedCache(budget=2_000_000, max_text=200_000)


def parse_sparql(text: str, origin: str):
    """Parse with rdflib: the query form, and a prepared query; syntax errors get line:col.

    Successful parses are cached (bounded by bytes, see ``_TextKeyedCache``)."""
    return _PARSED.get((text, origin), lambda: _parse_sparql(text, origin))


def _parse_sparql(text: str, origin: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs={k: str(v) for k, v in PREFIXES.items()})
    except ParseException as exc:
        raise QuerySyntaxError(_pyparsing_message(exc), origin, exc.lineno, exc.col) from None
    except Exception as exc:  # rdflib raises bare Exceptions for unknown prefixes and the like
        raise QuerySyntaxError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                               origin) from None
    name = prepared.algebra.name
    forms = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "AskQuery": "ASK",
             "DescribeQuery": "DESCRIBE"}
    return forms.get(name, name), prepared


def _pyparsing_message(exc) -> str:
    line = exc.line.strip()
    near = line[max(0, exc.col - 1 - (len(exc.line) - len(exc.line.lstrip()))):][:30]
    return f"unexpected input near {near!r}" if near else "unexpected end of query"


def strip_comments(text: str) -> str:
    return "".join(tok for kind, tok in _tokens(text) if kind != "comment")


_STRING_RE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                        r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_IRIREF_RE = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _tokens(text: str) -> Iterable[tuple[str, str]]:
    """Split SPARQL into comments, strings, IRIs and other text (enough to find braces).

    No SPARQL library exposes a tokenizer with positions, so this small scanner finds the
    WHERE group for the VALUES block without being fooled by braces in strings or comments.
    """
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char == "#":
            end = text.find("\n", pos)
            end = size if end < 0 else end
            yield "comment", text[pos:end]
            pos = end
        elif char in "\"'":
            match = _STRING_RE.match(text, pos)
            end = match.end() if match else size
            yield "string", text[pos:end]
            pos = end
        elif char == "<" and (match := _IRIREF_RE.match(text, pos)):
            yield "iri", match.group(0)
            pos = match.end()
        else:
            end = pos + 1
            while end < size and text[end] not in "#\"'<":
                end += 1
            yield "text", text[pos:end]
            pos = end


def with_values(text: str, form: str, bindings: Mapping[str, URIRef | Literal]) -> str:
    """The query with ``VALUES (?a ?b) { (t1 t2) }`` first in its WHERE group.

    Terms are serialised by rdflib (``Term.n3()``), which escapes quotes and newlines.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
             + " ".join(n3(bindings[n]) for n in names) + ") }\n")
    at = _where_offset(text, form)
    return text[:at] + block + text[at:]


def _where_offset(text: str, form: str) -> int:
    """Where the VALUES block goes: just after the brace that opens the WHERE group (cached:
    scanning the text cost more per call than many queries take on Oxigraph)."""
    return _WHERE.get((text, form), lambda: _scan_where_offset(text, form))


def _scan_where_offset(text: str, form: str) -> int:
    offset, depth, seen_where, top_level_groups = 0, 0, False, 0
    for kind, token in _tokens(text):
        if kind == "text":
            for match in re.finditer(r"[{}]|\bWHERE\b", token, re.I):
                if match.group(0) == "{":
                    if depth == 0:
                        top_level_groups += 1
                        wanted = 2 if form == "CONSTRUCT" else 1
                        if seen_where or top_level_groups == wanted:
                            return offset + match.end()
                    depth += 1
                elif match.group(0) == "}":
                    depth -= 1
                elif depth == 0:
                    seen_where = True
        offset += len(token)
    raise QueryError("cannot find the WHERE group of the query to bind parameters in")


def n3(term: URIRef | Literal) -> str:
    """A term in N-Triples syntax on one line (IRIs were checked when the value was parsed)."""
    if not isinstance(term, Literal):
        return f"<{term}>"
    lexical = str(term)
    if term.datatype is not None and str(term.datatype) in FLOAT_TYPES | INTEGER_TYPES:
        lexical = canonical_number(lexical, str(term.datatype))
    escaped = "".join(_ECHAR.get(ch, ch) for ch in lexical)
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype is not None:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}




def refuse_network_access(text: str, origin: str) -> None:
    """Local stores never reach out: both rdflib and Oxigraph would run SERVICE as a live
    HTTP request (and rdflib would load FROM graphs, which ``SPARQL_LOAD_GRAPHS = False``
    turns off at import). Remote endpoints decide for themselves."""
    pending = [parse_sparql(text, origin)[1].algebra]
    while pending:
        node = pending.pop()
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise NetworkAccessError(f"{origin}: SERVICE is not allowed on the local "
                                     "graph: chainkg does not fetch from the network")
        if isinstance(node, dict):
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)


