"""Texts the curator wrote (translations, identifications) in the curated graph: marked in
RDF, and told apart from the source's words by the evidence and label-search queries and by
the view."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml
from conftest import REPO
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS
from test_view import Page, browser  # noqa: F401 - the browser fixture

from chainkg.core.namespaces import CKG, ID, PROV
from chainkg.network import view

SRC = "https://w3id.org/chainkg/source/000_514a004910d82cf7"
TITLE = "Innovation responsibility of traditional manufacturing industry"


@pytest.fixture(scope="module")
def graph(curated_built) -> Graph:
    return Graph().parse(curated_built / "chainkg.nt", format="nt")


@pytest.fixture(scope="module")
def kg(curated_kg):
    return curated_kg


def short(value):
    """Entity ids without their namespace, ckg:/rdfs:/skos: terms as CURIEs, NA as None."""
    if value is pd.NA or value is None:
        return None
    for base, prefix in ((str(ID), ""), (str(CKG), "ckg:"), (str(RDFS), "rdfs:"),
                         (str(SKOS), "skos:")):
        if isinstance(value, str) and value.startswith(base):
            return prefix + value[len(base):]
    return value


def rows(frame, *columns):
    return [tuple(short(v) for v in row)
            for row in frame[list(columns)].astype(object).itertuples(index=False)]


# The records of the first four sources (other sources add their own identifications).
FIRST_SOURCES = ("000_514a004910d82cf7", "01_heilongjiang-chain-chief",
                 "02_shandong-ten-industries", "03_anhui-nev-plan-2021-2023")


def test_identifications_are_marked(graph):
    ids = {record["id"] for name in FIRST_SOURCES for record in yaml.safe_load(
        (REPO / "graph" / "records" / f"{name}.yaml").read_text(encoding="utf-8"))["records"]}
    marked = sorted((str(s).removeprefix(str(ID)), str(o))
                    for s, o in graph.subject_objects(CKG.curatorIdentification)
                    if str(s).removeprefix(str(ID)) in ids)
    assert marked == [
        ("heilongjiang-provincial-peoples-congress", "Heilongjiang Provincial People's Congress"),
        ("miit", "MIIT"),
        ("shandong-cultural-creativity-action-plan", "action plan for cultural creativity"),
        ("shandong-fine-tourism-action-plan", "action plan for fine tourism"),
        ("shandong-new-energy-action-plan", "action plan for new energy"),
        ("shandong-new-materials-action-plan", "action plan for new materials"),
        ("shenbian-tbea", "TBEA Shenyang Transformer Group"),
        ("shengu-group", "Shenyang Blower Works Group"),
        ("southwestern-university-of-finance-and-economics", "SWUFE"),
    ]


def test_every_chinese_label_of_the_english_sources_is_a_translation(graph):
    curated = set(graph.subjects(PROV.wasDerivedFrom, None)) - {
        s for s, o in graph.subject_objects(PROV.wasDerivedFrom)
        if str(o).endswith("reference-provinces")}
    chinese = {(s, o) for s in curated for o in graph.objects(s, RDFS.label)
               if isinstance(o, Literal) and o.language == "zh"}
    translated = set(graph.subject_objects(CKG.curatorTranslation))
    # Every source is English: every Chinese label is the curator's (56 in the first four
    # sources alone; more with every source added).
    assert len(chinese) >= 56
    assert chinese <= translated
    # Alternative names as well, such as 工信部 and 特变电工沈变.
    assert {"工信部", "特变电工沈变"} <= {str(o) for _, o in translated - chinese}


def test_evidence_shows_curator_texts_after_the_quotes(kg):
    base = "shengu-group/evidence"
    assert rows(kg.query("evidence", entity="shengu-group"),
                "evidence", "supports", "start", "source", "source_title", "curator_text") == [
        (f"{base}/3906-3962", "ckg:locatedIn", 3906, SRC, TITLE, None),
        (f"{base}/4061-4182", "rdfs:label", 4061, SRC, TITLE, None),
        (f"{base}/4061-4182", "ckg:targetsTechnology", 4061, SRC, TITLE, None),
        (None, "rdfs:label", None, "ckg:curatorTranslation", "curator's translation", "沈鼓集团"),
        (None, "skos:altLabel", None, "ckg:curatorIdentification", "curator's identification",
         "Shenyang Blower Works Group"),
    ]
    assert rows(kg.query("evidence", entity="shengu-group", property="rdfs:label"),
                "evidence", "quote", "source", "curator_text") == [
        (f"{base}/4061-4182", 'focus on promoting "integrated enterprises" such as Shengu Group '
         "and Shenbian TBEA to build industrial internet platforms", SRC, None),
        (None, None, "ckg:curatorTranslation", "沈鼓集团"),
    ]
    assert rows(kg.query("evidence", entity="shengu-group", property="skos:altLabel"),
                "evidence", "source", "curator_text") == [
        (None, "ckg:curatorIdentification", "Shenyang Blower Works Group")]


def test_label_search_says_who_wrote_a_label(kg):
    assert rows(kg.query("label-search", text="沈"), "resource", "matched", "property",
                "curator") == [
        ("shenbian-tbea", "特变电工沈阳变压器集团", "rdfs:label", "translation"),
        ("shenbian-tbea", "特变电工沈变", "skos:altLabel", "translation"),
        ("shengu-group", "沈鼓集团", "rdfs:label", "translation"),
    ]
    assert rows(kg.query("label-search", text="legislature"), "resource", "matched",
                "curator") == [("heilongjiang-provincial-peoples-congress",
                                "provincial legislature", None)]
    congress = kg.query("label-search", text="provincial people's congress")
    assert rows(congress, "matched", "curator") == [
        ("Heilongjiang Provincial People's Congress", "identification")]


def page_tips(html: str) -> dict[str, dict]:
    data = json.loads(re.search(r"var data = (\{.*?\});\n", html).group(1))
    return {node["id"]: node["tip"] for node in data["nodes"]}


def test_view_tooltips_mark_curator_texts(kg):
    tips = page_tips(view.render(kg.to_networkx()).html)
    congress = tips["id:heilongjiang-provincial-peoples-congress"]
    assert (congress["en"], congress["en_by"], congress["zh"], congress["zh_by"]) == (
        "Heilongjiang Provincial People's Congress", "curator's identification",
        "黑龙江省人民代表大会", "curator's translation")
    assert (tips["id:CN-SD"]["zh"], tips["id:CN-SD"]["zh_by"]) == ("山东省", "")


@pytest.mark.browser
def test_tooltip_in_chromium(browser, kg, tmp_path):  # noqa: F811
    path = tmp_path / "chainkg.html"
    view.write(view.render(kg.to_networkx()), path)
    page = Page(browser, path)
    text = page.hover("id:shengu-group")
    assert "沈鼓集团\n(curator's translation)" in text
    assert page.console == [] and page.dialogs == []


def test_explorer_page_marks_curator_labels(curated_built, tmp_path, capsys):
    from chainkg.cli import main

    out = tmp_path / "site"
    assert main(["site", "-o", str(out), "--build-dir", str(curated_built)]) == 0
    capsys.readouterr()
    page = (out / "id" / "heilongjiang-provincial-peoples-congress" / "index.html").read_text(
        encoding="utf-8")
    head = page[page.index("<h1>"):page.index('<p class="iri">')]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", head)).strip() == (
        "Heilongjiang Provincial People&#39;s Congress (curator&#39;s identification) "
        "黑龙江省人民代表大会 (curator&#39;s translation) government body 政府机构")
    plain = (out / "id" / "CN-SD" / "index.html").read_text(encoding="utf-8")
    assert "山东省" in plain and "curator&#39;s" not in plain
