"""Answers people can read: --columns and the '# show:' default, amounts in words in the
table only, targets by counted kind and deadline range, evidence with its property, source
and sentence, actor profiles, chain strategies agreeing with analytics, --param KEY VALUE,
locate's matches, -o into a missing folder, analytics without unused vocabulary and the
build's class tree."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chainkg.cli import main
from chainkg.core.namespaces import ID
from chainkg.network import analytics
from chainkg.query.render import readable_number

SOURCE = "000_514a004910d82cf7"


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- item 3

def test_chain_strategies_agree_with_similarity_analytics(kg):
    frame = kg.query("chain-strategies")
    graph = kg.to_networkx(drop_classes=list(analytics.PROVENANCE_CLASSES))
    features = analytics.province_features(graph)
    from_analytics = set()
    for u, v in features.edges():
        province, feature = (u, v) if u.startswith("id:") else (v, u)
        if feature.startswith("vocab:chain-strategy/"):
            from_analytics.add((province.removeprefix("id:"),
                                feature.removeprefix("vocab:chain-strategy/")))
    provinces = {row.jurisdiction.removeprefix(str(ID)) for row in frame.itertuples()} - {"CN"}
    from_query = {(row.jurisdiction.removeprefix(str(ID)),
                   row.strategy.rsplit("/", 1)[1]) for row in frame.itertuples()
                  if row.jurisdiction.removeprefix(str(ID)) in provinces}
    assert from_query == from_analytics
    assert ("CN-SH", "extending") in from_query and ("CN-SH", "building") in from_query
    # Measures count: Shanghai has no document with a strategy, only its measures.
    shanghai = frame[frame["jurisdiction"] == f"{ID}CN-SH"]
    assert set(shanghai["item_kind"]) == {"measure"}
    assert len(shanghai) == 2 and shanghai["document"].isna().all()  # not part of a plan
    assert frame["item_kind"].value_counts().to_dict() == {"document": 7, "measure": 10,
                                                           "target": 2}


# --------------------------------------------------------------------------- item 6

def test_param_with_a_space_says_key_value(built, capsys):
    code, out, err = run_cli(capsys, "query", "targets", "--param", "deadline", "2025",
                             "--build-dir", str(built))
    assert (code, out, err) == (2, "", "chainkg query: --param deadline 2025: use KEY=VALUE, "
                                       "e.g. --param deadline=2025\n")


# --------------------------------------------------------------------------- item 7

@pytest.mark.parametrize(("text", "words"), [("2200000000000", "2.2 trillion"),
                                             ("100000000000", "100 billion"),
                                             ("1234567", "1.235 million"), ("300000", "300,000"),
                                             ("12", "12"), ("12.5", "12.5")])
def test_readable_numbers(text, words):
    assert readable_number(text) == words


def test_targets_table_is_narrow_and_reads_amounts(built, capsys):
    code, out, _ = run_cli(capsys, "query", "targets", "--param", "province=Shandong",
                           "--param", "deadline_to=2025", "--param", "deadline_from=2024",
                           "--param", "counts=revenue", "--build-dir", str(built),
                           "--max-width", "0")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["target_label", "comparator", "value", "min_value", "max_value",
                                "deadline_year", "province_label"]
    assert "more than   2.2 trillion yuan" in lines[2]
    assert "more than   2.4 trillion yuan" in lines[3]
    assert lines[-2:] == ["(2 rows)", "(6 more columns: target, counted, unit, plan, plan_label, "
                                      "province; --columns all shows every one)"]
    code, out, _ = run_cli(capsys, "query", "targets", "--param", "counts=revenue growth",
                           "--build-dir", str(built))
    assert "more than   10 percent" in out
    code, out, _ = run_cli(capsys, "query", "targets", "--build-dir", str(built))
    assert max(len(line) for line in out.splitlines()) < 150


def test_csv_json_and_api_keep_every_column_and_exact_values(kg, built, capsys):
    code, out, _ = run_cli(capsys, "query", "targets", "--param", "province=CN-SD",
                           "--param", "counts=revenue", "--format", "csv",
                           "--build-dir", str(built))
    assert out.splitlines()[0].count(",") == 12
    assert ",more than,2200000000000,,,revenue,yuan,2024," in out
    code, out, _ = run_cli(capsys, "query", "targets", "--param", "province=CN-SD",
                           "--param", "counts=revenue", "--format", "json",
                           "--build-dir", str(built))
    assert json.loads(out)["results"]["bindings"][0]["value"]["value"] == "2200000000000"
    assert kg.query("targets", province="CN-SD", counts="revenue")["value"].tolist() == [
        2.2e12, 2.4e12]


def test_columns_option(built, capsys):
    code, out, _ = run_cli(capsys, "query", "targets", "--columns", "target,value",
                           "--param", "counts=lighthouse-factory", "--build-dir", str(built))
    assert (code, out) == (0, "target                         value\n"
                              "-----------------------------  -----\n"
                              "id:jilin-lighthouse-factories  12\n(1 row)\n")
    code, out, _ = run_cli(capsys, "query", "targets", "--columns", "value,unit", "--format",
                           "csv", "--param", "counts=revenue", "--build-dir", str(built))
    assert out == "value,unit\r\n100000000000,yuan\r\n2200000000000,yuan\r\n" \
                  "2400000000000,yuan\r\n"
    code, out, _ = run_cli(capsys, "query", "targets", "--columns", "all", "--build-dir",
                           str(built))
    assert out.splitlines()[0].split()[0] == "target" and len(out.splitlines()[0].split()) == 13
    code, _, err = run_cli(capsys, "query", "targets", "--columns", "valeu", "--build-dir",
                           str(built))
    assert code == 2 and err.endswith("did you mean value?\n")


def test_targets_by_counted_kind_and_deadline_range(kg):
    def ids(**params):
        return [t.removeprefix(str(ID)) for t in kg.query("targets", **params)["target"]]

    assert ids(counts="lighthouse-factory") == ["jilin-lighthouse-factories"]
    assert ids(counts="revenue", deadline_from=2024) == ["shandong-ngit-revenue-2024",
                                                         "shandong-ngit-revenue-2025"]
    assert ids(deadline_from=2024, deadline_to=2024) == ["shandong-ngit-revenue-2024"]
    assert ids(deadline_from=2022, deadline_to=2023) == [
        "anhui-key-parts-suppliers", "anhui-local-parts-share-2023", "anhui-nev-enterprises-2023",
        "anhui-nev-icv-world-class-clusters", "anhui-nev-production-share-2023",
        "anhui-nev-public-adoption", "anhui-vehicle-brands-2023",
        "anhui-world-class-nev-technology"]
    assert ids(deadline=2021) == ["heilongjiang-key-industries-2021",
                                  "heilongjiang-key-industry-turnover-2021"]


# --------------------------------------------------------------------------- item 8

def test_evidence_has_property_source_title_and_address(kg):
    frame = kg.query("evidence", entity="heilongjiang-chain-chief-scheme",
                     property="involvesOrganization")
    assert frame[["supports", "source_title", "source_address"]].values.tolist() == [[
        "https://w3id.org/chainkg/ontology#involvesOrganization",
        'Chinese province to appoint "industrial chain chiefs" to promote high-quality '
        'development', "http://www.penews.net/Live/4377.html"]]
    frame = kg.query("evidence", entity="jilin-lighthouse-factories")
    assert sorted(frame["supports"].str.rsplit("#", n=1).str[-1]) == [
        "comparator", "countedKind", "deadlineYear", "jurisdiction", "label", "partOfPolicy",
        "scope", "targetValue", "unit"]


def test_evidence_sentence_from_the_source_text(built, capsys, sources_dir):
    code, out, _ = run_cli(capsys, "query", "evidence", "--param",
                           "entity=jilin-lighthouse-factories", "--param", "property=targetValue",
                           "--sources", str(sources_dir), "--format", "csv", "--columns",
                           "quote,sentence", "--build-dir", str(built))
    assert code == 0
    assert out.splitlines()[1] == (
        'build 1 2 lighthouse factories,"The Action Plan of Intelligent Transformation and '
        'Digital Transformation of Manufacturing Industry in Jilin Province (2023-2025) '
        'proposes to support more than 300 demonstration projects of ""Intelligent '
        'Transformation and Digital Transformation"" in three years, and build 1 2 lighthouse '
        'factories, 100 demonstration factories and 300 provincial-level intelligent '
        'manufacturing digital workshops to promote industrial enterprises above designated '
        'size to complete a round of ""Intelligent Transformation""."')


def test_sentence_around():
    from chainkg.curation.sources import sentence_around

    text = ("First one. The plan, by Dr. Wang, aims at 2.5 trillion yuan.\nNext. "
            "到2025年，建设12个工厂。其他")
    for quote, sentence in [("aims at 2.5", "The plan, by Dr. Wang, aims at 2.5 trillion yuan."),
                            ("First", "First one."), ("12个", "到2025年，建设12个工厂。"),
                            ("one. The", "First one. The plan, by Dr. Wang, aims at 2.5 "
                                         "trillion yuan.")]:
        start = text.index(quote)
        begin, end = sentence_around(text, start, start + len(quote))
        assert text[begin:end] == sentence


# --------------------------------------------------------------------------- item 9

def test_actor_profile(kg):
    frame = kg.query("actor-profile", actor="Jin Zhuanglong")
    assert frame[["relation", "item", "detail"]].fillna("").values.tolist() == [
        ["holds post", f"{ID}jin-zhuanglong-minister-of-industry-and-information-technology",
         f"{ID}miit"],
        ["said", f"{ID}jin-zhuanglong-guiding-opinions-announced", ""],
        ["said", f"{ID}jin-zhuanglong-upgrading-direction", ""]]
    assert frame["quote"].notna().all() and frame["source"].notna().all()
    miit = kg.query("actor-profile", actor="miit")
    assert miit[["relation", "item"]].values.tolist() == [
        ["has post", f"{ID}jin-zhuanglong-minister-of-industry-and-information-technology"],
        ["issued", f"{ID}miit-guiding-opinions-traditional-industries"],
        ["part of", f"{ID}state-council"],
        ["takes part in", f"{ID}miit-top-level-planning"]]
    approved = kg.query("actor-profile", actor="shanghai-municipal-government-executive-meeting")
    assert approved[["relation", "item"]].values.tolist() == [
        ["approved", f"{ID}shanghai-manufacturing-high-quality-development-plan"]]


# --------------------------------------------------------------------------- item 10

def test_components_leave_out_unused_vocabulary(built, capsys):
    code, out, _ = run_cli(capsys, "analyze", "--what", "components", "--build-dir", str(built))
    assert code == 0
    assert len(out.splitlines()) == 2  # the header and one component
    assert "subsidy" not in out and "vice governor" not in out


def test_build_summary_shows_the_class_hierarchy(tmp_path, capsys):
    code, out, _ = run_cli(capsys, "build", "-o", str(tmp_path / "b"))
    lines = out.splitlines()
    start = lines.index("entities per class:")
    assert lines[start - 1].startswith("(indented: subclasses of the class above")
    division = lines.index("  ckg:ProvincialDivision                34")
    assert [line.split() for line in lines[division + 1:division + 5]] == [
        ["ckg:AutonomousRegion", "5"], ["ckg:Municipality", "4"], ["ckg:Province", "23"],
        ["ckg:SpecialAdministrativeRegion", "2"]]
    assert all(line.startswith("    ckg:") for line in lines[division + 1:division + 5])
    assert "    ckg:QuantifiedTarget                14" in lines


# --------------------------------------------------------------------------- item 11

def chainkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chainkg", *args], capture_output=True,
                          text=True, check=False)


def test_locate_prints_every_match_with_context(sources_dir):
    result = chainkg("locate", "--source", SOURCE, "--sources", str(sources_dir),
                     "industrial chain")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines[0] == (f"11 matches in source '{SOURCE}'; quote more words to make it unique, "
                        "or pick one:")
    assert len(lines) == 12
    assert lines[1] == ("   1. start:  907  end:  923  … of supplementing short-board "
                        "[industrial chain]s, upgrading traditional indus…")
    missing = chainkg("locate", "--source", SOURCE, "--sources", str(sources_dir), "zzz qqq")
    assert missing.returncode == 1
    assert missing.stderr == f"chainkg locate: quote not found in source '{SOURCE}'\n"


@pytest.mark.parametrize("args", [
    ["export", "-o", "{missing}/x.graphml"], ["view", "-o", "{missing}/x.html"],
    ["query", "targets", "-o", "{missing}/x.txt"], ["build", "-o", "{missing}/build"]])
def test_outputs_into_a_missing_folder_are_refused(built, capsys, tmp_path, args):
    missing = tmp_path / "no" / "such"
    argv = [a.format(missing=missing) for a in args]
    if args[0] != "build":
        argv += ["--build-dir", str(built)]
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    target = argv[argv.index("-o") + 1]
    assert err == (f"chainkg {args[0]}: cannot write {target}: folder {missing} does not "
                   "exist (create it first)\n")
    assert not (tmp_path / "no").exists()
