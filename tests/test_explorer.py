"""The linked-data explorer through real HTTP: every IRI resolves, content negotiation,
caching headers, province profiles, the overview map, timelines and the ontology page."""

from __future__ import annotations

import re

import pytest
import requests
from markupsafe import escape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from chainkg.core.namespaces import CKG, ID, OA
from chainkg.web.explorer import Explorer, Linker, choose_format, split_extension

HL_QUOTE = ("Northeast China's Heilongjiang Province will introduce an \"industrial chain chief\""
            " scheme")


@pytest.fixture(scope="module")
def explorer(kg):
    return Explorer.from_kg(kg)


def get(url, **headers):
    return requests.get(url, headers=headers, timeout=60)


def test_accept_and_extensions():
    assert choose_format("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8") == "html"
    assert choose_format("text/turtle;q=0.9, application/ld+json") == "jsonld"
    assert choose_format("application/n-triples") == "nt"
    assert choose_format("text/turtle;q=0, text/html;q=0.1") == "html"
    assert choose_format("") == "html"
    assert split_extension("id/CN-SD.ttl") == ("id/CN-SD", "ttl")
    assert split_extension("id/x/evidence/1-2") == ("id/x/evidence/1-2", None)
    assert split_extension("source/000_514a004910d82cf7.jsonld") == \
        ("source/000_514a004910d82cf7", "jsonld")


def test_static_links_are_relative():
    here = Linker("id/CN-SD", static=True)
    assert here.href("") == "../../index.html"
    assert here.href("vocab/technology/robot") == "../../vocab/technology/robot/index.html"
    assert here.href("id/CN-SD.ttl") == "../CN-SD.ttl"
    assert here.href("ontology#targetsTechnology") == "../../ontology/index.html#targetsTechnology"
    assert Linker("", static=True).href("timeline") == "timeline/index.html"
    assert Linker("id/CN-SD", static=False).href("vocab/technology/robot") == \
        "/vocab/technology/robot"


def test_every_iri_resolves(server, explorer, kg):
    """Every project IRI that the graph describes has a page (checked over HTTP for a
    sample of each kind; all are rendered by the static-site test)."""
    paths = explorer.paths()
    subjects = {str(s) for s in kg.graph.subjects() if str(s).startswith("https://w3id.org/"
                                                                         "chainkg/")}
    described = {p for p in paths if p not in ("", "timeline", "ontology")}
    expected = {s[len("https://w3id.org/chainkg/"):] for s in subjects
                if "/ontology" not in s and ".well-known" not in s}
    assert described == expected
    for path in ("id/CN-HL", "vocab/technology/robot", "vocab/technology",
                 "source/01_heilongjiang-chain-chief",
                 "id/heilongjiang-chain-chief-scheme/evidence/277-366", "ontology", "timeline",
                 ""):
        response = get(f"{server}/{path}", Accept="text/html")
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert get(f"{server}/id/no-such-thing").status_code == 404
    assert get(f"{server}/id/CN-HL.xml").status_code == 404


def test_entity_page_shows_labels_types_facts_evidence_and_incoming(server):
    page = get(f"{server}/id/heilongjiang-chain-chief-scheme").text
    assert "<h1>introduce an industrial chain chief scheme (Heilongjiang)</h1>" in page
    assert ('<a href="/ontology#Measure">measure</a> <span lang="zh" class="zh">政策举措</span>'
            in page)
    assert str(escape(HL_QUOTE)) in page
    # The fact, its value and the quote that backs it share one row.
    row = re.search(r"<tr><td><a href=\"/ontology#usesInstrument\">.*?</tr>", page, re.S).group(0)
    assert '<a href="/vocab/policy-instrument/chain-chief-system">' in row
    assert str(escape(HL_QUOTE)) in row
    assert '<a href="/source/01_heilongjiang-chain-chief">' in row
    assert '<a href="/id/heilongjiang-chain-chief-scheme/evidence/277-366">characters 277–366' \
        in row
    incoming = page.split('id="h-incoming"')[1]
    assert '<a href="/id/heilongjiang-chain-chief-precise-efforts">' in incoming
    focus = page.split('id="h-focus"')[1].split("</svg>")[0]
    assert '<a href="/id/CN-HL"><title>Heilongjiang (→ jurisdiction)</title>' in focus


def test_province_page_is_a_profile(server):
    page = get(f"{server}/id/CN-SD").text
    assert '<p class="zh" lang="zh" style="font-size:1.4em;margin:0">山东省</p>' in page
    documents = page.split('id="p-docs"')[1].split("</section>")[0]
    years = re.findall(r'<span class="year">(\w+)</span>', documents)
    assert years == ["2023", "2024", "2024", "2024", "2024"]
    assert "Shandong three-year action plan for improving manufacturing innovation capability" \
        in documents
    targets = page.split('id="p-targets"')[1].split("</section>")[0]
    rows = re.findall(r'<tr><td>(\d*)</td><td><a href="/id/([^"]+)"', targets)
    assert rows[:2] == [("2024", "shandong-ngit-revenue-2024"),
                        ("2025", "shandong-key-technologies-2025")]
    assert len(rows) == 12 and [year for year, _ in rows] == ["2024"] + ["2025"] * 11
    chains = page.split('id="p-chains"')[1].split("</section>")[0]
    assert '<a href="/vocab/chain-strategy/patching">patching short-board chains</a>' in chains
    technologies = page.split('id="p-tech"')[1].split("</section>")[0]
    # Two Shandong items name robots; no other division and no national document does.
    assert ('<a href="/vocab/technology/robot">robots</a> <span lang="zh" class="zh">机器人</span>'
            '</td><td class="num">2</td><td class="num">1</td><td>no</td>') in technologies
    sources = page.split('id="p-sources"')[1].split("</section>")[0]
    assert re.findall(r'href="/source/([^"]+)"', sources) == [
        "000_514a004910d82cf7", "02_shandong-ten-industries"]
    chiefs = get(f"{server}/id/CN-HL").text.split('id="p-chains"')[1].split("</section>")[0]
    system = chiefs.split("Chain-chief system")[1].split("</ul>")[0]
    assert re.findall(r'<li><a href="/id/([^"]+)">', system) == [
        "heilongjiang-chain-chief-scheme", "heilongjiang-chain-coordination-mechanism",
        "heilongjiang-local-key-industrial-chains"]


def test_target_figures_link_to_their_evidence(server):
    page = get(f"{server}/id/CN-JL").text
    assert ('<a href="/id/jilin-lighthouse-factories/evidence/3667-3697">exactly 12 count</a>'
            in page)


def test_content_negotiation_gives_the_same_description(server, kg):
    by_accept = {}
    for media, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                       ("application/ld+json", "json-ld")):
        response = get(f"{server}/id/jilin-lighthouse-factories", Accept=media)
        assert response.headers["Content-Type"] == f"{media}; charset=utf-8"
        by_accept[fmt] = Graph().parse(data=response.text, format=fmt)
        by_extension = get(f"{server}/id/jilin-lighthouse-factories."
                           f"{ {'turtle': 'ttl', 'nt': 'nt', 'json-ld': 'jsonld'}[fmt]}")
        assert by_extension.content == response.content
    # Turtle writes the decimal 12 as 12.0: the same value, so compare values.
    def values(graph):
        return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}

    assert values(by_accept["turtle"]) == values(by_accept["nt"]) == values(by_accept["json-ld"])
    graph = by_accept["nt"]
    node = ID["jilin-lighthouse-factories"]
    assert set(graph.triples((node, None, None))) == set(kg.graph.triples((node, None, None)))
    evidence = ID["jilin-lighthouse-factories/evidence/3667-3697"]
    assert str(graph.value(evidence, OA.exact)) == "build 1 2 lighthouse factories"
    ontology = Graph().parse(data=get(f"{server}/ontology.ttl").text, format="turtle")
    assert (CKG.QuantifiedTarget, RDF.type, OWL.Class) in ontology


def test_etag_and_not_modified(server):
    first = get(f"{server}/id/CN-JL")
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{20}"', etag)
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = get(f"{server}/id/CN-JL", **{"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert get(f"{server}/ontology.nt", **{"If-None-Match": etag}).status_code == 304
    assert get(f"{server}/id/CN-JL", **{"If-None-Match": '"other"'}).status_code == 200


def test_overview_map_links_every_division(server, kg):
    page = get(f"{server}/").text
    svg = page.split('<svg id="map"')[1].split("</svg>")[0]
    links = re.findall(r'<a href="/id/(CN-[A-Z]{2})" aria-label="', svg)
    assert len(links) == 34 and len(set(links)) == 34
    assert re.search(r'<a href="/id/CN-SD" aria-label="Shandong 山东省: 5 documents, '
                     r'\d+ chains and clusters, \d+ targets">', svg)
    assert "<script" in page and 'src="' not in page
    matrix = page.split('id="h-matrix"')[1].split("</section>")[0]
    assert '<th scope="row"><a href="/id/CN-SD">Shandong</a>' in matrix
    assert 'href="/graph"' in page
    # The landing page's figures are those of `chainkg stats` (graph-summary).
    summary = kg.query("graph-summary").iloc[0]
    assert (f"The graph holds\n{summary.documents} policy documents, {summary.chains} "
            f"designated industrial chains and\n{summary.quantified_targets} quantified "
            f"targets; {summary.divisions_covered} of\n34 provincial-level divisions have a "
            "policy document or a designated chain.") in page


def test_timeline_shows_diffusion_and_targets_due(server, kg):
    diffusion = kg.query("policy-diffusion", instrument="chain-chief-system")
    assert [(r.province_label, r.first_year, r.items) for r in diffusion.itertuples()] == [
        ("Heilongjiang", 2021, 3), ("Hubei", 2023, 1)]
    assert diffusion["first_evidence"].tolist() == [
        "https://w3id.org/chainkg/id/heilongjiang-chain-chief-scheme/evidence/277-366",
        "https://w3id.org/chainkg/id/hubei-chain-chief-implementation-plan/evidence/5216-5307"]
    page = get(f"{server}/timeline").text
    table = page.split('id="h-diffusion"')[1].split("</table>")[0]
    header = re.findall(r'<th scope="col">(\d{4})</th>', table)
    assert header == ["2021", "2023", "2024"]
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert "industrial chain chief system" in first_row
    cells = first_row.split("<td>")[1:]
    assert '<a href="/id/CN-HL">Heilongjiang</a>' in cells[0]
    assert '<a href="/id/CN-HB">Hubei</a>' in cells[1] and cells[2].startswith("</td>")
    due = page.split('id="h-due"')[1]
    assert re.findall(r"<h3>(\d{4})</h3>", due) == sorted(re.findall(r"<h3>(\d{4})</h3>", due))


def test_ontology_page_documents_every_term(server, kg):
    page = get(f"{server}/ontology").text
    terms = {str(s)[len(str(CKG)):] for s in kg.graph.subjects()
             if isinstance(s, URIRef) and str(s).startswith(str(CKG))}
    for term in terms:
        assert f'<section id="{term}"' in page, term
    section = page.split('<section id="targetsTechnology"')[1].split("</section>")[0]
    assert "targets technology" in section and "object property" in section
    assert ('<dt>range</dt><dd><a href="http://www.w3.org/2004/02/skos/core#Concept">'
            "skos:Concept</a></dd>") in section
    assert '<span lang="zh" class="zh">' in section


def test_pages_escape_text(explorer):
    node = ID["jilin-lighthouse-factories"]
    trap = Literal('<script>alert("x")</script>', lang="en")
    probe = Explorer(explorer.graph, "test")  # a copy: the shared explorer stays as built
    probe.graph.add((node, URIRef("http://www.w3.org/2004/02/skos/core#editorialNote"), trap))
    page = probe.page("id/jilin-lighthouse-factories").body.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_division_derived_from_the_reference_table_and_chains_counted_without_names(kg):
    """A division's page shows the reference table it comes from as a fact (not as an empty
    quote), and its profile shows a number of designated chains that a source states without
    naming them, with the evidence."""
    from rdflib import XSD

    from chainkg.core.namespaces import SOURCE, VOCAB

    graph = Graph()
    for triple in kg.graph:
        graph.add(triple)
    observation = ID["twelve-key-chains"]
    evidence = ID["twelve-key-chains/evidence/0-19"]
    graph.add((observation, RDF.type, CKG.QuantifiedObservation))
    graph.add((observation, RDFS.label, Literal("twelve key industrial chains", lang="en")))
    graph.add((observation, CKG.jurisdiction, ID["CN-NM"]))
    graph.add((observation, CKG.quantityKind, VOCAB["quantity-kind/composition"]))
    graph.add((observation, CKG.countedKind, VOCAB["target-kind/industrial-chain"]))
    graph.add((observation, CKG.observedValue, Literal("12.0", datatype=XSD.decimal)))
    graph.add((observation, PROV.wasDerivedFrom, evidence))
    graph.add((evidence, RDF.type, CKG.Evidence))
    graph.add((evidence, OA.exact, Literal("12 key <industrial> chains")))
    graph.add((evidence, OA.start, Literal(0)))
    graph.add((evidence, OA.end, Literal(19)))
    graph.add((evidence, CKG.source, SOURCE["01_heilongjiang-chain-chief"]))
    graph.add((evidence, CKG.supportsProperty, CKG.observedValue))
    page = Explorer(graph, "test").page("id/CN-NM").body.decode("utf-8")
    chains = page.split('id="p-chains"')[1].split("</section>")[0]
    assert "No industrial chain" not in chains
    assert ('<td class="num">12</td><td><a href="/id/twelve-key-chains">twelve key industrial '
            'chains</a></td>') in chains
    assert "12 key &lt;industrial&gt; chains" in chains
    assert "None–None" not in page and "characters None" not in page
    facts = page.split('id="h-facts"')[1].split("</section>")[0]
    assert 'href="/source/reference-provinces"' in facts
    assert 'id="h-evidence"' not in page      # no evidence span of its own
