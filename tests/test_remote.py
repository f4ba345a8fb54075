"""Remote endpoints against a real Virtuoso: ``chainkg push`` (Graph Store Protocol, digest
auth) and every named query answering the same rows as the local stores."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest_virtuoso import virtuoso  # noqa: F401  (session fixture)
from test_query import CASE_IDS, QUERY_CASES, by_value

from chainkg.cli import main
from chainkg.query import get_query, run
from chainkg.query.remote import Endpoint, RemoteError

GRAPH = "https://w3id.org/chainkg/test-graph"

pytestmark = pytest.mark.virtuoso


def triples_in(path) -> int:
    return sum(1 for line in path.read_bytes().splitlines() if line.strip())


@pytest.fixture(scope="module")
def pushed(virtuoso, built, monkeypatch_module):  # noqa: F811
    monkeypatch_module.setenv("VIRTUOSO_TEST_PASSWORD", virtuoso.password)
    code = main(["push", "--endpoint", virtuoso.graph_store, "--graph", GRAPH, "--user", "dba",
                 "--password-env", "VIRTUOSO_TEST_PASSWORD", "--build-dir", str(built)])
    assert code == 0
    return Endpoint(virtuoso.sparql, GRAPH)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def count(endpoint: Endpoint) -> int:
    return int(endpoint.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["n"][0])


def test_push_replaces_the_named_graph(pushed, built, virtuoso, capsys,  # noqa: F811
                                       monkeypatch):
    expected = triples_in(built / "chainkg.nt")
    assert count(pushed) == expected
    monkeypatch.setenv("VIRTUOSO_TEST_PASSWORD", virtuoso.password)
    code = main(["push", "--endpoint", virtuoso.graph_store, "--graph", GRAPH, "--user", "dba",
                 "--password-env", "VIRTUOSO_TEST_PASSWORD", "--build-dir", str(built)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith(f"pushed {expected} triples to <{GRAPH}> at {virtuoso.graph_store}")
    assert count(pushed) == expected  # PUT replaced the graph instead of adding to it


def test_push_errors(virtuoso, built, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setenv("WRONG_PASSWORD", "not-the-password")
    base = ["push", "--endpoint", virtuoso.graph_store, "--graph", GRAPH + "-x",
            "--build-dir", str(built)]
    assert main(base + ["--user", "dba", "--password-env", "WRONG_PASSWORD"]) == 1
    assert "refused the upload (HTTP 401)" in capsys.readouterr().err
    assert main(base + ["--user", "dba"]) == 2
    assert capsys.readouterr().err == "chainkg push: --user needs --password-env VAR\n"
    assert main(base + ["--user", "dba", "--password-env", "UNSET_VARIABLE_XYZ"]) == 2
    assert "UNSET_VARIABLE_XYZ is not set" in capsys.readouterr().err
    # Without credentials the authenticated endpoint refuses too.
    assert main(base) == 1
    assert "HTTP 401" in capsys.readouterr().err


@pytest.fixture(scope="module")
def served(kg):
    """``chainkg serve`` on the same build, as a remote endpoint."""
    from chainkg.web.serve import make_server

    server = make_server(kg, "127.0.0.1", 0, workers=2).start()
    yield Endpoint(f"{server.url}/sparql")
    server.shutdown()
    server.server_close()


# Queries that Virtuoso 7.2 cannot compile (a dialect limit, noted in the query file). Strict:
# the case fails the day Virtuoso answers it, so the limit is not forgotten.
VIRTUOSO_CANNOT_COMPILE = {
    "chain-chief-adoption": "Virtuoso 37000 Error SQ156: Internal Optimized compiler error: "
                            "Bad dfe in sqlo_place_exp (two grouped subqueries joined on a "
                            "MIN date)",
}
REMOTE_CASES = [
    pytest.param(name, params, id=case_id, marks=pytest.mark.xfail(
        raises=RemoteError, strict=True, reason=VIRTUOSO_CANNOT_COMPILE[name]))
    if name in VIRTUOSO_CANNOT_COMPILE else pytest.param(name, params, id=case_id)
    for (name, params), case_id in zip(QUERY_CASES, CASE_IDS, strict=True)]


@pytest.mark.parametrize(("name", "params"), REMOTE_CASES)
def test_local_serve_and_virtuoso_answer_alike(kg, pushed, served, name, params):
    """Every named query and parameter kind: the same rows locally, through ``chainkg
    serve`` (which must not read the client's ``# param:`` comments) and on Virtuoso."""
    query = get_query(name)
    local = run(kg.graph, query, params)
    for remote in (run(served, query, params), run(pushed, query, params)):
        if query.form == "SELECT":
            assert remote.variables == local.variables
            assert remote.rows == local.rows  # after normalisation, term by term
            pd.testing.assert_frame_equal(remote.frame(), local.frame())
        else:
            assert by_value(remote.graph) == by_value(local.graph)


def test_cli_endpoint_output_matches_local(kg, pushed, built, virtuoso, capsys):  # noqa: F811
    args = ["query", "targets", "--param", "province=Jilin", "--format", "json"]
    assert main(args + ["--build-dir", str(built)]) == 0
    local = capsys.readouterr().out
    assert main(args + ["--endpoint", virtuoso.sparql, "--default-graph", GRAPH]) == 0
    remote = capsys.readouterr().out
    assert remote == local
    assert len(json.loads(remote)["results"]["bindings"]) == 4
    assert main(["query", "label-search", "--param", "text=机器人", "--endpoint",
                 virtuoso.sparql, "--default-graph", GRAPH, "--format", "csv"]) == 0
    lines = capsys.readouterr().out.split("\r\n")
    assert [line for line in lines if "/vocab/technology/robot," in line] == [
        "https://w3id.org/chainkg/vocab/technology/robot,工业机器人,zh,"
        "http://www.w3.org/2004/02/skos/core#altLabel,robots,",
        "https://w3id.org/chainkg/vocab/technology/robot,机器人,zh,"
        "http://www.w3.org/2004/02/skos/core#prefLabel,robots,"]


def test_remote_parameter_checks(pushed):
    with pytest.raises(Exception, match="id/no-such-thing is not in the graph"):
        pushed.query("evidence", entity="no-such-thing")
    assert len(pushed.query("evidence", entity="jilin-lighthouse-factories")) == 9


def test_unreachable_endpoint(capsys):
    from conftest_virtuoso import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    assert main(["query", "targets", "--endpoint", url]) == 1
    assert capsys.readouterr().err == (
        f"chainkg query: cannot reach SPARQL endpoint {url}: ConnectionError\n")
