"""One resolver for every parameter that names something: divisions, entities, concepts and
properties by id, CURIE, IRI or any en/zh label, through the API, the CLI and the view."""

from __future__ import annotations

import pytest

from chainkg.cli import main
from chainkg.core.namespaces import CKG, ID, VOCAB
from chainkg.query import ParameterError
from chainkg.query.execute import resolver_for
from chainkg.query.resolve import ResolveError


def targets(kg, **params) -> list[str]:
    return kg.query("targets", **params)["target"].tolist()


SHANDONG_REVENUE = [f"{ID}shandong-ngit-revenue-2024", f"{ID}shandong-ngit-revenue-2025"]


@pytest.mark.parametrize("name", ["CN-SD", "cn-sd", "id:CN-SD", f"{ID}CN-SD", "Shandong",
                                  "shandong", "Shandong Province", "山东", "山东省"])
def test_a_division_by_any_of_its_names(kg, name):
    assert targets(kg, province=name, counts="revenue") == SHANDONG_REVENUE
    assert targets(kg, province=name) == targets(kg, province="CN-SD")


@pytest.mark.parametrize(("name", "code"), [("广西", "CN-GX"), ("广西壮族自治区", "CN-GX"),
                                            ("Guangxi Zhuang Autonomous Region", "CN-GX"),
                                            ("香港", "CN-HK"), ("Hong Kong SAR", "CN-HK"),
                                            ("北京", "CN-BJ"), ("北京市", "CN-BJ"),
                                            ("china", "CN"), ("中国", "CN")])
def test_division_suffixes(kg, name, code):
    assert resolver_for(kg.graph).resolve(name, "division") == ID[code]


@pytest.mark.parametrize("name", ["patching", "补链", "patching short-board chains",
                                  "make up the chain", "补短板产业链",
                                  "vocab:chain-strategy/patching"])
def test_a_concept_by_any_label_in_either_language(kg, name):
    frame = kg.query("chain-strategies", strategy=name)
    assert sorted(set(frame["strategy"])) == [f"{VOCAB}chain-strategy/patching"]
    assert len(frame) == 5  # Hunan's list; Shandong's plan and three of its measures


@pytest.mark.parametrize("name", ["deadlineYear", "deadline year", "ckg:deadlineYear",
                                  f"{CKG}deadlineYear", "目标年份"])
def test_a_property_by_name(kg, name):
    frame = kg.query("evidence", entity="jilin-lighthouse-factories", property=name)
    assert frame["evidence"].tolist() == [f"{ID}jilin-lighthouse-factories/evidence/3478-3587"]


def test_a_property_parameter_suggests_only_properties(kg):
    with pytest.raises(ParameterError) as caught:
        kg.query("evidence", entity="jilin-lighthouse-factories", property="ckg:Target")
    message = str(caught.value)
    assert "ckg:Target is not a property; did you mean ckg:targetValue (target value)" in message
    assert "ckg:Target," not in message and "ckg:QuantifiedTarget" not in message


def test_an_entity_by_label(kg):
    assert kg.query("evidence", entity="Jilin")["source"].tolist() == [
        "https://w3id.org/chainkg/source/reference-provinces"]
    frame = kg.query("actor-profile", actor="吴垠")
    assert set(frame["relation"]) == {"holds post", "said"}


def test_did_you_mean_on_a_miss(kg):
    with pytest.raises(ParameterError, match=r"parameter province=Shandnog: unknown division; .*"
                                             r"did you mean id:CN-SD \(Shandong\)"):
        kg.query("targets", province="Shandnog")
    with pytest.raises(ParameterError, match=r"chain-strategy/patchin is not in the graph; did "
                                             r"you mean vocab:chain-strategy/patching "
                                             r"\(patching short-board chains\)\?"):
        kg.query("chain-strategies", strategy="patchin")
    with pytest.raises(ResolveError, match="names more than one|no entity is named"):
        resolver_for(kg.graph).resolve("zzzz qqqq", "entity")


def test_both_stores_resolve_alike(kg, built):
    from chainkg import KnowledgeGraph

    memory = KnowledgeGraph.load(built, store="memory")
    assert targets(memory, province="山东", counts="revenue") == SHANDONG_REVENUE


def test_cli_resolves_names(built, capsys):
    code = main(["query", "targets", "--param", "province=山东", "--param", "counts=营业收入",
                 "--format", "csv", "--columns", "target", "--build-dir", str(built)])
    out = capsys.readouterr().out
    assert (code, out) == (0, f"target\r\n{SHANDONG_REVENUE[0]}\r\n{SHANDONG_REVENUE[1]}\r\n")


def test_view_focus_by_name(built, capsys, tmp_path):
    pages = {}
    for name in ("CN-SD", "Shandong", "山东"):
        out = tmp_path / f"{name}.html"
        assert main(["view", "--focus", name, "-o", str(out), "--build-dir", str(built)]) == 0
        pages[name] = out.read_text(encoding="utf-8")
        assert capsys.readouterr().out.startswith("view of 31 nodes and 50 edges")
    assert pages["Shandong"] == pages["CN-SD"] == pages["山东"]
    code = main(["view", "--focus", "Shandnog", "-o", str(tmp_path / "x.html"),
                 "--build-dir", str(built)])
    err = capsys.readouterr().err
    assert code == 2 and err == ("chainkg view: --focus Shandnog: https://w3id.org/chainkg/id/"
                                 "Shandnog is not in the graph; did you mean id:CN-SD "
                                 "(Shandong), id:CN-SH (Shanghai)?\n")
