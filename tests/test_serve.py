"""``chainkg serve``: the read-only HTTP endpoint, through real HTTP requests."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import threading

import pytest
import requests
from conftest import require_tool
from rdflib import Graph

from chainkg import KnowledgeGraph
from chainkg.cli import main
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS
from chainkg.web.serve import make_server

JILIN_TARGETS = {
    ("https://w3id.org/chainkg/id/jilin-demonstration-factories", "exactly", "100"),
    ("https://w3id.org/chainkg/id/jilin-demonstration-projects", "more than", "300"),
    ("https://w3id.org/chainkg/id/jilin-digital-workshops", "exactly", "300"),
    ("https://w3id.org/chainkg/id/jilin-lighthouse-factories", "exactly", "12"),
}


@pytest.fixture(scope="module")
def server(built):
    instance = make_server(KnowledgeGraph.load(built), "127.0.0.1", 0)
    thread = threading.Thread(target=instance.serve_forever, daemon=True)
    thread.start()
    host, port = instance.server_address[:2]
    yield f"http://{host}:{port}"
    instance.shutdown()
    instance.server_close()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_named_query_with_parameters(server):
    response = requests.get(f"{server}/queries/targets",
                            params={"province": "CN-JL", "format": "csv"}, timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert {(r["target"], r["comparator"], r["value"]) for r in rows(response.text)} == \
        JILIN_TARGETS


def test_sparql_protocol_get_and_post(server):
    query = "SELECT ?plan WHERE { ?plan ckg:jurisdiction id:CN-JL ; a ckg:ActionPlan }"
    expected = ["https://w3id.org/chainkg/id/jilin-intelligent-digital-transformation-plan"]
    got = requests.get(f"{server}/sparql", params={"query": query},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert got.headers["Content-Type"].startswith("application/sparql-results+json")
    assert [b["plan"]["value"] for b in got.json()["results"]["bindings"]] == expected
    form = requests.post(f"{server}/sparql", data={"query": query},
                         headers={"Accept": "text/csv"}, timeout=30)
    assert [r["plan"] for r in rows(form.text)] == expected
    direct = requests.post(f"{server}/sparql", data=query.encode(), timeout=30,
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "text/tab-separated-values"})
    assert direct.text == f"?plan\n<{expected[0]}>\n"


def test_construct_gives_rdf(server, built):
    query = "CONSTRUCT { ?t ckg:targetValue ?v } WHERE { ?t ckg:jurisdiction id:CN-JL ; " \
            "ckg:targetValue ?v }"
    turtle = requests.get(f"{server}/sparql", params={"query": query}, timeout=30)
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=turtle.text, format="turtle")) == 4
    nt = requests.get(f"{server}/sparql", params={"query": query, "format": "nt"}, timeout=30)
    assert len(nt.text.strip().splitlines()) == 4


def test_read_only(server, built):
    size = len(KnowledgeGraph.load(built).graph)
    update = requests.post(f"{server}/sparql", data="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                           headers={"Content-Type": "application/sparql-update"}, timeout=30)
    assert update.status_code == 403
    assert update.text == "this endpoint is read-only: no updates\n"
    as_param = requests.post(f"{server}/sparql", data={"update": "CLEAR ALL"}, timeout=30)
    assert as_param.status_code == 403
    as_query = requests.get(f"{server}/sparql", timeout=30,
                            params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
    assert as_query.status_code == 400
    assert requests.put(f"{server}/sparql", data="x", timeout=30).status_code == 405
    count = requests.get(f"{server}/sparql", headers={"Accept": "text/csv"}, timeout=30,
                         params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert rows(count.text) == [{"n": str(size)}]


def test_errors_are_one_line_with_the_right_status(server):
    bad_param = requests.get(f"{server}/queries/targets", params={"deadline": "soon"}, timeout=30)
    assert (bad_param.status_code, bad_param.text) == (
        400, "targets: parameter deadline=soon: expected an integer such as 2025 "
             "(type integer)\n")
    syntax = requests.get(f"{server}/sparql", params={"query": "SELEC ?x"}, timeout=30)
    assert syntax.status_code == 400
    assert syntax.text.startswith("query:1:1: SPARQL syntax error")
    service = requests.get(f"{server}/sparql", timeout=30, params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert (service.status_code, service.text) == (
        400, "query: SERVICE is not allowed on the local graph: chainkg does not fetch from "
             "the network\n")
    assert requests.get(f"{server}/queries/nope", timeout=30).status_code == 404
    assert requests.get(f"{server}/elsewhere", timeout=30).status_code == 404
    wrong_format = requests.get(f"{server}/queries/targets", params={"format": "ttl"}, timeout=30)
    assert wrong_format.status_code == 400


def test_query_listing(server):
    listing = requests.get(f"{server}/queries", timeout=30).json()
    names = [q["name"] for q in listing]
    assert names == sorted(names) and "targets" in names and "plans-by-province" in names
    targets = next(q for q in listing if q["name"] == "targets")
    assert {p["name"] for p in targets["params"]} >= {"deadline", "province"}


def test_html_is_escaped(server):
    payload = "<img src=x onerror=alert(1)>"
    response = requests.get(f"{server}/sparql", timeout=30, params={
        "query": f'SELECT ?x WHERE {{ BIND("{payload}" AS ?x) }}', "format": "html"})
    assert response.status_code == 200
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert payload not in response.text
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    index = requests.get(f"{server}/endpoint", timeout=30)
    assert index.headers["Content-Type"] == "text/html; charset=utf-8"
    assert 'href="/queries/targets?format=html"' in index.text


def test_chainkg_query_against_the_server_matches_the_local_answer(server, built, capsys):
    """The project's own remote client talks to the project's own endpoint."""
    args = ["query", "targets", "-p", "province=CN-JL", "--format", "csv"]
    assert main([*args, "--build-dir", str(built)]) == 0
    local = capsys.readouterr().out
    assert main([*args, "--endpoint", f"{server}/sparql"]) == 0
    remote = capsys.readouterr().out
    assert remote == local
    assert {(r["target"], r["comparator"], r["value"]) for r in rows(local)} == JILIN_TARGETS


def test_serve_command_binds_to_loopback(built):
    process = subprocess.Popen([sys.executable, "-m", "chainkg", "serve", "--port", "0",
                                "--build-dir", str(built)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        match = re.search(r"http://(127\.0\.0\.1):(\d+)/ ", line)
        assert match, line
        response = requests.get(f"http://127.0.0.1:{match.group(2)}/queries", timeout=30)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_view_page_in_chromium(server):
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=HEADLESS_CHROMIUM_ARGS)
        page = browser.new_page()
        requested, problems = [], []
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{server}/view")
        page.wait_for_function("window.chainkgView && window.chainkgView.ready", timeout=60_000)
        drawn = page.evaluate("window.chainkgView.nodes.length")
        browser.close()
    assert problems == []
    assert requested == [f"{server}/view"]
    assert drawn > 100
