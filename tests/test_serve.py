"""``chainkg serve``: the read-only HTTP endpoint, through real HTTP requests."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest
import requests
from conftest import require_tool
from rdflib import Graph
from test_query import CASE_IDS, QUERY_CASES, by_value

from chainkg import KnowledgeGraph
from chainkg.cli import main
from chainkg.network.view import HEADLESS_CHROMIUM_ARGS
from chainkg.web.serve import make_server
from chainkg.web.worker import Limits

# Short enough for the tests, the same code paths as the defaults.
TEST_LIMITS = Limits(seconds=4.0, rows=100_000, response_bytes=4_000_000,
                     memory_bytes=1_000_000_000)

JILIN_TARGETS = {
    ("https://w3id.org/chainkg/id/jilin-demonstration-factories", "exactly", "100"),
    ("https://w3id.org/chainkg/id/jilin-demonstration-projects", "more than", "300"),
    ("https://w3id.org/chainkg/id/jilin-digital-workshops", "exactly", "300"),
    ("https://w3id.org/chainkg/id/jilin-lighthouse-factories", "exactly", "12"),
}


@pytest.fixture(scope="module")
def running(built):
    instance = make_server(KnowledgeGraph.load(built), "127.0.0.1", 0, workers=3,
                           limits=TEST_LIMITS).start()
    yield instance
    instance.shutdown()
    instance.server_close()


@pytest.fixture(scope="module")
def server(running):
    return running.url


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
    assert update.text == "updates are not supported by this read-only endpoint\n"
    as_param = requests.post(f"{server}/sparql", data={"update": "CLEAR ALL"}, timeout=30)
    assert as_param.status_code == 403
    for update in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
                   "LOAD <http://127.0.0.1:9/x.ttl>", "CLEAR ALL", "DROP GRAPH <urn:g>",
                   "# a comment\nPREFIX ex: <urn:ex:>\nINSERT { ex:a ex:b ex:c } WHERE {}",
                   "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                   "CREATE GRAPH <urn:g>", "COPY <urn:a> TO <urn:b>"):
        as_query = requests.get(f"{server}/sparql", timeout=30, params={"query": update})
        assert (as_query.status_code, as_query.text) == (
            400, "updates are not supported by this read-only endpoint\n"), update
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


# ---------------------------------------------------------------- limits and hardening
# Each test below is one way a single request could take the server down; after each,
# the server still answers and its workers' memory stays bounded.

def alive(server: str) -> None:
    answer = requests.get(f"{server}/queries/plans-by-province",
                          params={"province": "CN-JL", "format": "csv"}, timeout=30)
    assert answer.status_code == 200
    assert [r["plan"] for r in rows(answer.text)] == [
        "https://w3id.org/chainkg/id/jilin-intelligent-digital-transformation-plan"]


def worker_memory(running) -> int:
    from chainkg.web.worker import memory_of

    return memory_of(running.service.pool.pids())


def raw(server: str, data: bytes, wait: float = 10.0) -> bytes:
    """Send bytes on a fresh connection and read until the server closes it."""
    import socket

    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_replace_string_bomb_stops_in_a_worker(server, running):
    """6 KB of nested REPLACE asks Oxigraph for a 4 GB string: the worker hits its memory
    cap and is replaced; the server lives."""
    a1000, a4000 = "a" * 1000, "a" * 4000
    bomb = (f'SELECT (STRLEN(REPLACE(REPLACE("{a1000}","a","{a1000}"),"a","{a4000}")) '
            'AS ?n) {}')
    before = running.service.pool.pids()
    answer = requests.get(f"{server}/sparql", params={"query": bomb}, timeout=60)
    assert answer.status_code == 503
    # The string grows by doubling: the memory cap stops it, or on a busy machine the clock.
    assert answer.text in ("query stopped: it needed more memory than a query may use "
                           "(1,000 MB)\n", "query stopped: it ran past the time limit of 4 s\n")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert len(set(running.service.pool.pids()) - set(before)) == 1  # one worker replaced
    alive(server)
    assert worker_memory(running) < 1_500_000_000


def test_runaway_query_is_stopped_at_the_time_limit(server, running):
    import time

    started = time.perf_counter()
    answer = requests.get(f"{server}/sparql", timeout=60, params={
        "query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    elapsed = time.perf_counter() - started
    assert (answer.status_code, answer.text) == (
        503, "query stopped: it ran past the time limit of 4 s\n")
    assert 4 <= elapsed < 12
    alive(server)
    assert worker_memory(running) < 1_500_000_000


def test_result_rows_and_bytes_are_capped(server, running):
    cartesian = requests.get(f"{server}/sparql", timeout=60,
                             params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"})
    assert (cartesian.status_code, cartesian.text) == (
        400, "the result has more than 100,000 rows; add a LIMIT or narrow the query\n")
    big = requests.get(f"{server}/sparql", timeout=60, params={
        "query": "SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 8000"})
    assert big.status_code == 400
    assert re.fullmatch(r"the answer is [\d,]+ bytes; the limit is 4,000,000: add a LIMIT "
                        r"or narrow the query\n", big.text)
    alive(server)
    assert worker_memory(running) < 1_500_000_000


def test_cheap_requests_are_answered_while_heavy_queries_run(server):
    """Two runaway ad hoc queries hold two workers; a named query gets the third."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    heavy = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with ThreadPoolExecutor(4) as pool:
        runaways = [pool.submit(requests.get, f"{server}/sparql",
                                params={"query": heavy + " " * n}, timeout=60)
                    for n in range(4)]
        time.sleep(1.0)
        started = time.perf_counter()
        cheap = requests.get(f"{server}/queries/targets", timeout=30,
                             params={"province": "CN-JL", "deadline": "2025", "format": "csv"})
        listing = requests.get(f"{server}/queries", timeout=30)
        elapsed = time.perf_counter() - started
        statuses = sorted(f.result().status_code for f in runaways)
    assert cheap.status_code == 200 and listing.status_code == 200
    assert {(r["target"], r["comparator"], r["value"]) for r in rows(cheap.text)} == \
        JILIN_TARGETS
    assert elapsed < 2.0
    assert statuses == [503, 503, 503, 503]


@pytest.mark.parametrize("length", ["-1", "abc", "1e3", "5, 6"])
def test_bad_content_length_is_a_400(server, length):
    answer = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                 b"Content-Length: " + length.encode() + b"\r\n\r\nquery=x")
    head = answer.split(b"\r\n\r\n")[0].lower()
    assert head.startswith(b"http/1.1 400 ")
    assert b"x-content-type-options: nosniff" in head
    assert answer.endswith(b"bad request: malformed HTTP (for example a Content-Length that "
                           b"is not a number)\n")


def test_oversized_bodies_are_refused_without_reading_them(server, running):
    declared = raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                   b"Content-Type: application/sparql-query\r\n"
                   b"Content-Length: 200000000\r\n\r\nSELECT")
    assert declared.startswith(b"HTTP/1.1 413 ")
    assert declared.endswith(b"request body over 1,000,000 bytes\n")
    chunked = requests.post(f"{server}/sparql", timeout=60,
                            data=(b"x" * 100_000 for _ in range(30)),
                            headers={"Content-Type": "application/sparql-query"})
    assert (chunked.status_code, chunked.text) == (413, "request body over 1,000,000 bytes\n")
    alive(server)


def test_unexpected_query_errors_are_one_line(server):
    function = requests.get(f"{server}/sparql", params={"query": "SELECT (<urn:f>(1) AS ?x) {}"},
                            timeout=30)
    assert (function.status_code, function.text) == (
        400, "query failed: The custom function <urn:f> is not supported\n")


def test_graph_pattern_on_the_memory_store_is_one_line(built):
    instance = make_server(KnowledgeGraph.load(built, store="memory"), "127.0.0.1", 0,
                           workers=2, limits=TEST_LIMITS).start()
    try:
        answer = requests.get(f"{instance.url}/sparql", timeout=30,
                              params={"query": "SELECT * { GRAPH ?g { ?s ?p ?o } }"})
        assert answer.status_code == 400
        assert answer.text.startswith("query failed: Exception: You performed a query "
                                      "operation requiring a dataset")
        assert answer.text.count("\n") == 1
        alive(instance.url)
    finally:
        instance.shutdown()
        instance.server_close()


def test_unknown_function_in_the_cli_is_one_line(built, tmp_path, capsys):
    query = tmp_path / "f.rq"
    query.write_text("SELECT (<urn:f>(1) AS ?x) {}\n")
    assert main(["query", "--file", str(query), "--build-dir", str(built)]) == 2
    assert capsys.readouterr().err == \
        "chainkg query: query failed: The custom function <urn:f> is not supported\n"


def test_idle_and_slow_clients_are_dropped(server, monkeypatch):
    import socket
    import time

    from chainkg.web import serve

    monkeypatch.setattr(serve, "HEAD_SECONDS", 1.0)
    host, port = server.removeprefix("http://").split(":")
    idle = socket.create_connection((host, int(port)), timeout=10)
    slow = socket.create_connection((host, int(port)), timeout=10)
    slow.sendall(b"GET /queries HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
    started = time.perf_counter()
    assert idle.recv(100) == b""  # closed by the server
    assert slow.recv(100) == b""
    assert time.perf_counter() - started < 5
    idle.close()
    slow.close()


def test_no_connection_is_dropped_at_concurrency_32(server):
    from concurrent.futures import ThreadPoolExecutor

    def client(_: int) -> list[int]:
        with requests.Session() as session:
            return [session.get(f"{server}/queries", timeout=30,
                                headers={"Connection": "close"}).status_code
                    for _ in range(40)]

    with ThreadPoolExecutor(32) as pool:
        statuses = [s for batch in pool.map(client, range(32)) for s in batch]
    assert statuses == [200] * 1280


def test_every_answer_carries_the_security_headers(server):
    answers = [requests.get(f"{server}/", timeout=30),
               requests.get(f"{server}/nowhere", timeout=30),
               requests.get(f"{server}/sparql", params={"query": "SELEC"}, timeout=30),
               requests.put(f"{server}/sparql", data="x", timeout=30),
               requests.get(f"{server}/queries/targets", timeout=30,
                            params={"deadline": "soon"})]
    assert [a.status_code for a in answers] == [200, 404, 400, 405, 400]
    for answer in answers:
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answers[1].text == "no such page: /nowhere\n"
    assert set(answers[3].headers["Allow"].split(", ")) == {"GET", "HEAD", "POST"}


def test_foreign_host_names_are_refused_on_loopback(server):
    port = server.rsplit(":", 1)[1]
    for host in ("127.0.0.1", f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert requests.get(f"{server}/queries", headers={"Host": host},
                            timeout=30).status_code == 200
    rebound = requests.get(f"{server}/queries", headers={"Host": f"attacker.example:{port}"},
                           timeout=30)
    assert (rebound.status_code, rebound.text) == (
        400, "Host 'attacker.example' is not this server; use http://127.0.0.1 or "
             "http://localhost (requests for other names are refused)\n")
    assert rebound.headers["X-Content-Type-Options"] == "nosniff"


def test_binding_beyond_loopback_warns(capsys):
    from chainkg.web.serve import is_loopback, warn_if_exposed

    assert [is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "localhost",
                                     "0.0.0.0", "192.168.1.4", "::")] == \
        [True, True, True, True, False, False, False]
    warn_if_exposed("127.0.0.1")
    assert capsys.readouterr().err == ""
    warn_if_exposed("0.0.0.0")
    assert capsys.readouterr().err == (
        "chainkg serve: warning: listening on 0.0.0.0, beyond this machine: anyone who can "
        "reach it can query the graph\n")


@pytest.mark.parametrize("port", ["99999", "-5"])
def test_bad_port_is_one_line(built, port):
    done = subprocess.run([sys.executable, "-m", "chainkg", "serve", "--port", port,
                           "--build-dir", str(built)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr == (f"chainkg serve: port {port} is out of range (0-65535; 0 picks a "
                           "free one)\n")


def test_port_in_use_is_one_line(built, running):
    port = running.server_address[1]
    done = subprocess.run([sys.executable, "-m", "chainkg", "serve", "--port", str(port),
                           "--build-dir", str(built)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr == f"chainkg serve: cannot listen on 127.0.0.1:{port}: " \
                          "Address already in use\n"


def test_output_to_a_directory_is_one_line_and_leaves_nothing(built, tmp_path, capsys):
    target = tmp_path / "out"
    target.mkdir()
    code = main(["query", "targets", "--build-dir", str(built), "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"chainkg query: cannot write {target}: it is a directory\n"
    assert list(tmp_path.iterdir()) == [target] and list(target.iterdir()) == []


def test_huge_query_file_is_refused_at_once(built, tmp_path, capsys):
    import time

    big = tmp_path / "values.rq"
    with big.open("w") as handle:
        handle.write("SELECT ?x WHERE { VALUES ?x { ")
        for index in range(2_500_000):
            handle.write(f'"v{index:016d}" ')
        handle.write("} }\n")
    assert big.stat().st_size > 50_000_000
    started = time.perf_counter()
    assert main(["query", "--file", str(big), "--build-dir", str(built)]) == 2
    assert time.perf_counter() - started < 5
    assert capsys.readouterr().err.startswith(
        f"chainkg query: {big}: the query is 400,001 characters; the limit is 100,000")


def test_parse_cache_is_bounded_by_bytes():
    from chainkg.query import sparql

    cache = sparql._TextKeyedCache(budget=1000, max_text=400)
    for index in range(20):
        cache.get((f"q{index:03d}" + "x" * 296, "o"), lambda: object())
    assert cache.used <= 1000 and len(cache.entries) == 3
    cache.get(("y" * 500, "o"), lambda: object())
    assert ("y" * 500, "o") not in cache.entries
    assert sparql._PARSED.max_text <= 64_000 and sparql._PARSED.budget <= 1_000_000


# ---------------------------------------------------------------- standard clients


@pytest.mark.parametrize(("name", "params"), QUERY_CASES, ids=CASE_IDS)
def test_every_named_query_answers_the_same_through_serve(kg, server, name, params):
    """The client sends the library text, header comments included, with a VALUES block;
    the server must not read the comments as parameter declarations."""
    from chainkg.query import get_query, run
    from chainkg.query.remote import Endpoint

    query = get_query(name)
    local, remote = run(kg.graph, query, params), run(Endpoint(f"{server}/sparql"), query,
                                                      params)
    if query.form == "SELECT":
        assert remote.variables == local.variables
        assert remote.rows == local.rows
    else:
        assert by_value(remote.graph) == by_value(local.graph)


def test_plain_post_with_a_param_comment(server):
    text = ("# param: province : division\nSELECT ?plan WHERE { ?plan ckg:jurisdiction "
            "id:CN-JL ; a ckg:ActionPlan }")
    answer = requests.post(f"{server}/sparql", data=text.encode(), timeout=30,
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "text/csv"})
    assert answer.status_code == 200
    assert [r["plan"] for r in rows(answer.text)] == [
        "https://w3id.org/chainkg/id/jilin-intelligent-digital-transformation-plan"]


def test_sparqlwrapper_with_its_defaults(server):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery("PREFIX ckg: <https://w3id.org/chainkg/ontology#> PREFIX id: "
                    "<https://w3id.org/chainkg/id/> SELECT ?plan ?n WHERE { ?plan "
                    "ckg:jurisdiction id:CN-JL ; a ckg:ActionPlan . BIND(3 AS ?n) }")
    document = client.query().convert()  # XML results, parsed by minidom
    bindings = document.getElementsByTagName("binding")
    assert [(b.getAttribute("name"), b.firstChild.tagName, b.firstChild.firstChild.data)
            for b in bindings] == [
        ("plan", "uri",
         "https://w3id.org/chainkg/id/jilin-intelligent-digital-transformation-plan"),
        ("n", "literal", "3")]
    assert bindings[1].firstChild.getAttribute("datatype") == \
        "http://www.w3.org/2001/XMLSchema#integer"
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == \
        "true"
    client.setQuery("PREFIX ckg: <https://w3id.org/chainkg/ontology#> PREFIX id: "
                    "<https://w3id.org/chainkg/id/> CONSTRUCT { ?t ckg:targetValue ?v } "
                    "WHERE { ?t ckg:jurisdiction id:CN-JL ; ckg:targetValue ?v }")
    graph = client.query().convert()  # RDF/XML, parsed by rdflib
    assert len(graph) == 4


def test_accept_header_only_client_gets_xml(server):
    query = 'SELECT ?x WHERE { BIND("a<b" AS ?x) }'
    xml = requests.get(f"{server}/sparql", params={"query": query}, timeout=30,
                       headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"
    assert xml.text == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        '<variable name="x"/></head><results><result><binding name="x">'
        "<literal>a&lt;b</literal></binding></result></results></sparql>\n")
    weighted = requests.get(f"{server}/sparql", params={"query": query}, timeout=30, headers={
        "Accept": "application/sparql-results+json;q=0.5, application/sparql-results+xml, "
                  "text/csv;q=0"})
    assert weighted.headers["Content-Type"].startswith("application/sparql-results+xml")
    prefer_json = requests.get(f"{server}/sparql", params={"query": query}, timeout=30,
                               headers={"Accept": "application/sparql-results+xml;q=0.2, "
                                                  "application/sparql-results+json;q=0.9"})
    assert prefer_json.json()["results"]["bindings"] == [{"x": {"type": "literal",
                                                                "value": "a<b"}}]


def test_an_unexpected_error_is_a_one_line_500(server, running, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(running.service, "named", broken)
    answer = requests.get(f"{server}/queries/targets", timeout=30)
    assert (answer.status_code, answer.text) == (500, "internal error: RuntimeError\n")
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    monkeypatch.undo()
    alive(server)
