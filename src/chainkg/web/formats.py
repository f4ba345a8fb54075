"""Result formats of the HTTP server: choosing one (``format=`` or Accept with q-values)
and writing SPARQL XML results and HTML pages next to the query layer's text formats."""

from __future__ import annotations

import html
import io
from http import HTTPStatus
from xml.sax.saxutils import XMLGenerator

from ..query import Result
from ..query.results import RDF_LANGSTRING, XSD_STRING

SELECT_FORMATS = ("json", "xml", "csv", "tsv", "html")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "xml")
SELECT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
}
GRAPH_MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
}
# Accepted media types -> format name; the same name may mean a different syntax for a
# graph (``xml``: RDF/XML) than for solutions (``xml``: SPARQL XML results).
ACCEPTED = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "application/rdf+xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
    "text/turtle": "ttl", "application/x-turtle": "ttl", "application/n-triples": "nt",
    "text/plain": "nt", "application/ld+json": "jsonld",
}
# Names other clients put in format=/output= (SPARQLWrapper sends format=xml and the like).
ALIASES = {"rdfxml": "xml", "rdf+xml": "xml", "turtle": "ttl", "n3": "ttl",
           "ntriples": "nt", "json-ld": "jsonld"}


class HttpError(Exception):
    """An answer other than 200, with a one-line message for people."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = int(status)
        self.message = message
        self.headers = headers or {}


def negotiate(form: str, requested: str | None, accept: str) -> str:
    """The output format: ``format=`` first, then the Accept header by q-value (ties in
    the order given; ``q=0`` means not acceptable), then the default."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    allowed = GRAPH_FORMATS if graph else SELECT_FORMATS
    if requested:
        requested = ALIASES.get(requested.lower(), requested.lower())
        if requested not in allowed:
            raise HttpError(HTTPStatus.BAD_REQUEST,
                            f"format {requested!r} does not fit a {form} query; use one of "
                            f"{', '.join(allowed)}")
        return requested
    ranked = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        weight = 1.0
        for piece in pieces[1:]:
            if piece.replace(" ", "").startswith("q="):
                try:
                    weight = float(piece.split("=", 1)[1])
                except ValueError:
                    weight = 0.0
        if weight > 0:
            ranked.append((-weight, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        fmt = ACCEPTED.get(media)
        if fmt in allowed and not (media == "application/rdf+xml" and not graph):
            return fmt
    return allowed[0]


def media_type(form: str, fmt: str) -> str:
    media = GRAPH_MEDIA[fmt] if form in ("CONSTRUCT", "DESCRIBE") else SELECT_MEDIA[fmt]
    return f"{media}; charset=utf-8"


def render_result(result: Result, fmt: str, title: str) -> bytes:
    """The result in the format ``negotiate`` chose."""
    from ..query.render import render

    if result.form in ("CONSTRUCT", "DESCRIBE"):
        if fmt == "xml":
            assert result.graph is not None
            return result.graph.serialize(format="xml", encoding="utf-8")
        return render(result, fmt).encode("utf-8")
    if fmt == "xml":
        return sparql_xml(result)
    if fmt == "html":
        if result.form == "ASK":
            return PAGE.format(title=html.escape(title),
                               body=f"<p>{str(bool(result.boolean)).lower()}</p>").encode()
        return render_html_table(result, title).encode("utf-8")
    return render(result, fmt).encode("utf-8")


def sparql_xml(result: Result) -> bytes:
    """SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/).

    rdflib's XML writer takes rdflib result objects; the rows here are already in the
    query layer's normal form, so a SAX writer (which escapes) is all that is needed."""
    out = io.StringIO()
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("sparql", {"xmlns": "http://www.w3.org/2005/sparql-results#"})
    xml.startElement("head", {})
    for name in result.variables or []:
        xml.startElement("variable", {"name": name})
        xml.endElement("variable")
    xml.endElement("head")
    if result.form == "ASK":
        xml.startElement("boolean", {})
        xml.characters(str(bool(result.boolean)).lower())
        xml.endElement("boolean")
    else:
        xml.startElement("results", {})
        for row in result.rows or []:
            xml.startElement("result", {})
            for name, cell in zip(result.variables, row, strict=True):
                if cell is None:
                    continue
                kind, value, datatype, language = cell
                xml.startElement("binding", {"name": name})
                if kind == "uri":
                    tag, attrs = "uri", {}
                elif kind == "bnode":
                    tag, attrs = "bnode", {}
                else:
                    tag, attrs = "literal", {}
                    if language:
                        attrs["xml:lang"] = language
                    elif datatype and datatype not in (XSD_STRING, RDF_LANGSTRING):
                        attrs["datatype"] = datatype
                xml.startElement(tag, attrs)
                xml.characters(value)
                xml.endElement(tag)
                xml.endElement("binding")
            xml.endElement("result")
        xml.endElement("results")
    xml.endElement("sparql")
    xml.endDocument()
    return out.getvalue().encode("utf-8") + b"\n"


def render_html_table(result: Result, title: str) -> str:
    """A SELECT result as an HTML page; every value is escaped."""
    head = "".join(f"<th>{html.escape(v)}</th>" for v in result.variables)
    rows = []
    for row in result.rows:
        cells = "".join(f"<td>{html.escape('' if c is None else c[1])}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    return PAGE.format(title=html.escape(title), body=(
        f"<p>{len(result.rows)} row(s)</p><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"))


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:80em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;
text-align:left;vertical-align:top}}th{{background:#f3f3f3}}</style></head>
<body><h1>{title}</h1>{body}</body></html>
"""
