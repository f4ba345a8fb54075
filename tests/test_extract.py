"""`chainkg extract`: draft records from text, each rule checked on sentences it must read."""

from __future__ import annotations

import yaml

from chainkg.cli import main
from chainkg.curation.extract import extract, render_drafts, source_year
from chainkg.curation.review import quantity_key


def quantities(text: str, year: int = 2024) -> list[tuple]:
    drafts = extract(text, "t", year)
    return sorted(((d.type, d.kind, quantity_key(d.type, d.fields))
                   for d in drafts.records if d.rule == "quantity"), key=repr)


def test_targets_with_scale_comparator_deadline_and_no_bracketed_conversion():
    text = ("North China's Shanxi province recently released a plan. By the end of 2025, the "
            "revenue of provincial industrial chains is expected to exceed 800 billion yuan "
            "($110.14 billion), with over 45 chain-chief enterprises and at least 12 parks.")
    assert quantities(text) == [
        ("QuantifiedTarget", "target", ("12", "count", "at-least", 2025, "CN-SX")),
        ("QuantifiedTarget", "target", ("45", "count", "more-than", 2025, "CN-SX")),
        ("QuantifiedTarget", "target", ("800000000000", "yuan", "more-than", 2025, "CN-SX")),
    ]


def test_currency_prefixes_suffix_scales_units_percent_and_ranges():
    text = ("Shanghai will top CNY850bn in investment by 2025, while the annual output is "
            "expected to exceed 1.2m units by 2025. Hubei aims to build 2-3 industrial clusters "
            "and raise the share to 70% by 2027.")
    assert quantities(text, 2021) == [
        ("QuantifiedTarget", "target", ("1200000", "count", "more-than", 2025, "CN-SH")),
        ("QuantifiedTarget", "target", ("70", "percent", "exactly", 2027, "CN-HB")),
        ("QuantifiedTarget", "target", ("850000000000", "yuan", "more-than", 2025, "CN-SH")),
        ("QuantifiedTarget", "target", (("2", "3"), "count", "range", 2027, "CN-HB")),
    ]


def test_this_year_resolves_from_the_source_date_and_past_years_are_achievements():
    text = ("Heilongjiang plans to upgrade 15 key industries this year. In 2020, Heilongjiang's "
            "industrial output reached 1.12 trillion yuan.")
    assert quantities(text, 2021) == [
        ("QuantifiedObservation", "achievement",
         ("1120000000000", "yuan", "exactly", 2020, "CN-HL")),
        ("QuantifiedTarget", "target", ("15", "count", "exactly", 2021, "CN-HL")),
    ]


def test_number_words_dates_years_and_identifiers_are_not_quantities():
    text = ("On May 16, 2023, Jiangxi issued Document No. 193 on 5G and the “five basics”. "
            "Each industrial chain should focus on building two or three platforms.")
    assert quantities(text) == [
        ("QuantifiedTarget", "target", (("2", "3"), "count", "range", None, "CN-JX")),
    ]


def test_documents_with_periods_from_titles_and_five_year_plans():
    text = ('Shandong issued the "Ten Industries" Initiative (2024-2025) last week. Shanghai '
            "released the Action Plan for Promoting High-quality Development of Manufacturing "
            "Industry in Shanghai (2023-2025). During the 14th Five-Year Plan period, Fujian "
            "will carry out the development plan for the digital economy.")
    drafts = extract(text, "t", 2024)
    documents = sorted((d.type, d.fields["title"]["en"], d.fields["jurisdiction"],
                        d.fields.get("start_year"), d.fields.get("end_year"))
                       for d in drafts.records if "title" in d.fields)
    assert documents == [
        ("ActionPlan", "Action Plan for Promoting High-quality Development of Manufacturing "
                       "Industry in Shanghai (2023-2025)", "CN-SH", 2023, 2025),
        ("DevelopmentPlan", "development plan for the digital economy", "CN-FJ", 2021, 2025),
        ("Initiative", '"Ten Industries" Initiative (2024-2025)', "CN-SD", 2024, 2025),
    ]


def test_people_with_posts_and_organisations():
    text = ("Vice Mayor Wu Qing said the plan matters. Governor Ye Jianchun spoke in Nanchang. "
            "According to Liu Shengyou of the Guangxi Department of Industry and Information "
            "Technology, the region will act.")
    drafts = extract(text, "t", 2024)
    people = sorted(d.id for d in drafts.records if d.type == "Person")
    posts = sorted((d.fields["held_by"], d.label, d.fields.get("role"))
                   for d in drafts.records if d.type == "Post")
    orgs = sorted((d.type, d.label, d.fields.get("jurisdiction"))
                  for d in drafts.records if d.type == "ProvincialDepartment")
    assert people == ["liu-shengyou", "wu-qing", "ye-jianchun"]
    assert posts == [
        ("liu-shengyou", "Liu Shengyou, post of Guangxi Department of Industry and Information "
                         "Technology", None),
        ("wu-qing", "Wu Qing, Vice Mayor", "vice-mayor"),
        ("ye-jianchun", "Ye Jianchun, Governor", "governor"),
    ]
    assert orgs == [("ProvincialDepartment",
                     "Guangxi Department of Industry and Information Technology", "CN-GX")]


def test_vocabulary_terms_in_english_and_chinese_singular_and_plural():
    text = ("Jiangsu will promote robots, one industrial robot, 机器人 and NEVs, and apply "
            "补链, 强链, 延链 and 建链 under the chain chief system to quantum sensing industries.")
    drafts = extract(text, "t", 2024)
    assert drafts.mention_ids("technology") == {"robot", "new-energy-vehicle"}
    assert drafts.mention_ids("chain-term") == {
        "chain-strategy/patching", "chain-strategy/strengthening", "chain-strategy/extending",
        "chain-strategy/building", "policy-instrument/chain-chief-system"}
    assert drafts.mention_ids("candidate-term") == {"quantum-sensing"}
    assert drafts.mention_ids("jurisdiction") == {"CN-JS"}


def test_key_chains_are_a_composition_and_industrial_chains():
    text = ("A petroleum base of China, Heilongjiang has seven key industrial chains including "
            "the petrochemical sector and corn processing.")
    drafts = extract(text, "t", 2021)
    assert [(d.type, d.kind, d.label, d.fields.get("level"), d.fields.get("counts"),
             d.fields.get("technologies")) for d in drafts.records] == [
        ("IndustrialChain", "", "corn processing industrial chain (Heilongjiang)", "key", None,
         ["corn-processing"]),
        ("QuantifiedObservation", "composition", "seven key industrial chains including "
         "(Heilongjiang)", None, "industrial-chain", ["corn-processing", "petrochemical"]),
        ("IndustrialChain", "", "petrochemical industrial chain (Heilongjiang)", "key", None,
         ["petrochemical"])]


def test_source_year_from_the_date_header():
    assert source_year("source: x\ntitle: y\ndate: 2021-07-20\n\nText") == 2021
    assert source_year("No header") is None


def test_cli_extract_writes_the_record_format(tmp_path, sources_dir, capsys):
    out = tmp_path / "drafts.yaml"
    assert main(["extract", "03_anhui-nev-plan-2021-2023", "--sources", str(sources_dir),
                 "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    text = (sources_dir / "dev" / "03_anhui-nev-plan-2021-2023.txt").read_text(encoding="utf-8")
    assert data["source"] == "03_anhui-nev-plan-2021-2023"
    for record in data["records"]:
        assert set(record["draft"]) >= {"rule", "confidence"}
        for item in record["evidence"]:
            assert text[item["start"]:item["end"]] == item["quote"]
    keys = sorted((quantity_key(r["type"], r) for r in data["records"]
                   if r["type"] == "QuantifiedTarget"), key=repr)
    assert keys == [("10", "count", "more-than", 2023, "CN-AH"),
                    ("10", "percent", "more-than", 2023, "CN-AH"),
                    ("70", "percent", "exactly", 2023, "CN-AH"),
                    (("3", "5"), "count", "range", 2023, "CN-AH")]
    assert main(["extract", "no-such-source", "--sources", str(sources_dir)]) == 2
    assert "unknown source 'no-such-source'" in capsys.readouterr().err


def test_rendering_is_byte_identical(sources_dir):
    text = (sources_dir / "000_514a004910d82cf7.txt").read_text(encoding="utf-8")
    first = render_drafts(extract(text, "000_514a004910d82cf7", 2023))
    assert first == render_drafts(extract(text, "000_514a004910d82cf7", 2023))


def test_coordinated_amounts_share_the_comparator_and_yearly_rates_take_the_last_year():
    text = ("Shandong's revenue will exceed 2.2 trillion yuan and 2.4 trillion yuan respectively "
            "in 2024 and 2025, and will increase by more than 10% annually. Hubei will build "
            "more than 10 parks and 3 platforms by 2026.")
    assert quantities(text, 2024) == [
        ("QuantifiedTarget", "target", ("10", "count", "more-than", 2026, "CN-HB")),
        ("QuantifiedTarget", "target", ("10", "percent", "more-than", 2025, "CN-SD")),
        ("QuantifiedTarget", "target", ("2200000000000", "yuan", "more-than", 2024, "CN-SD")),
        ("QuantifiedTarget", "target", ("2400000000000", "yuan", "more-than", 2025, "CN-SD")),
        ("QuantifiedTarget", "target", ("3", "count", "exactly", 2026, "CN-HB")),
    ]
    rate = [d for d in extract(text, "t", 2024).records if d.fields.get("unit") == "percent"]
    assert [d.fields["counts"] for d in rate] == ["revenue-growth"]


def test_a_document_takes_its_period_from_a_later_mention():
    text = ("Shandong launches Ten Industries Initiative\n\nShandong province has released the "
            "Ten Industries Initiative (2024-2025) to upgrade its economy.")
    [document] = [d for d in extract(text, "t", 2024).records if d.type == "Initiative"]
    assert (document.fields["title"]["en"], document.fields["start_year"],
            document.fields["end_year"]) == ("Ten Industries Initiative", 2024, 2025)
    assert [(e.quote, e.supports) for e in document.evidence] == [
        ("Shandong launches Ten Industries Initiative",
         ("label", "title", "jurisdiction", "status")),
        ("Shandong province has released the Ten Industries Initiative (2024-2025) to upgrade "
         "its economy", ("start_year", "end_year"))]


def test_released_lists_policies_measures_and_press_briefings_are_documents():
    text = ("Hunan released the list of key supporting products for advanced manufacturing. "
            "A policy on measures improving the stability of Guangxi's key industrial chains "
            "has been issued. Governor Ye Jianchun of Jiangxi Province told a press briefing in "
            "Beijing. Sichuan has a list of firms and measures to help them.")
    drafts = extract(text, "t", 2024)
    assert sorted((d.type, d.fields["title"]["en"], d.fields["jurisdiction"])
                  for d in drafts.records if "title" in d.fields) == [
        ("PolicyMeasures", "policy on measures improving the stability of Guangxi's key "
                           "industrial chains", "CN-GX"),
        ("PressBriefing", "press briefing in Beijing", "CN-JX"),
        ("ProductList", "list of key supporting products for advanced manufacturing", "CN-HN"),
    ]


def test_jurisdiction_facts_are_the_places_of_drafted_facts_not_every_mention():
    text = ("Anhui will build 3 parks by 2025, exporting to Shanghai and across China. "
            "In Hefei, Shengu Group makes robots.")
    drafts = extract(text, "t", 2024)
    assert drafts.mention_ids("jurisdiction") == {"CN-AH", "CN-SH", "CN", "hefei"}
    assert drafts.jurisdiction_facts() == {"CN-AH", "hefei"}
    [company] = [d for d in drafts.records if d.type == "Enterprise"]
    assert (company.id, company.fields) == ("shengu-group", {"located_in": "CN-AH"})


def test_a_rank_in_words_is_a_rank():
    text = ("Jiangxi has a forest coverage rate of 63.1 percent, ranking second in the country. "
            "It was the first batch of pilots.")
    assert quantities(text, 2024) == [
        ("QuantifiedObservation", "achievement", ("2", "rank", "exactly", None, "CN-JX")),
        ("QuantifiedObservation", "achievement", ("63.1", "percent", "exactly", None, "CN-JX")),
    ]


def test_plural_document_word_over_a_list_gives_one_document_per_subject():
    text = ("Shandong will formulate action plans for new materials, cultural creativity and "
            "fine tourism. Anhui issued action plans for the NEV industry.")
    drafts = extract(text, "t", 2024)
    assert sorted((d.type, d.fields["title"]["en"], d.fields["jurisdiction"],
                   d.fields["status"]) for d in drafts.records if "title" in d.fields) == [
        ("ActionPlan", "action plan for cultural creativity", "CN-SD", "to-be-formulated"),
        ("ActionPlan", "action plan for fine tourism", "CN-SD", "to-be-formulated"),
        ("ActionPlan", "action plan for new materials", "CN-SD", "to-be-formulated"),
        ("ActionPlan", "action plans for the NEV industry", "CN-AH", "released"),
    ]


def test_a_company_is_located_in_the_division_of_its_paragraph_not_in_china():
    text = ("Liaoning Province will deepen the use of industrial internet. Support enterprises "
            "such as Shengu Group to build national platforms.")
    [company] = [d for d in extract(text, "t", 2024).records if d.type == "Enterprise"]
    assert (company.id, company.fields, [(e.quote, e.supports) for e in company.evidence]) == (
        "shengu-group", {"located_in": "CN-LN"},
        [("Liaoning Province will deepen the use of industrial internet", ("located_in",)),
         ("Support enterprises such as Shengu Group to build national platforms", ("label",))])


def test_a_label_shared_by_two_technologies_names_both():
    from chainkg.curation.extract.gazetteer import Gazetteer

    gazetteer = Gazetteer(concepts={"technology": {
        "basic-parts": [("basic parts", "en"), ("basic components", "en")],
        "basic-electronic-components": [("basic electronic components", "en"),
                                        ("basic components", "en")],
        "robot": [("robots", "en")]}})
    drafts = extract("Firms make basic components and robots.", "t", 2024, gazetteer)
    assert sorted((m.id, m.span.quote, m.rule) for m in drafts.mentions
                  if m.kind == "technology") == [
        ("basic-electronic-components", "basic components", "shared-vocabulary-label"),
        ("basic-parts", "basic components", "vocabulary-label"),
        ("robot", "robots", "vocabulary-label")]


def test_a_body_named_with_its_place_after_it_is_the_same_body():
    text = ("The Guangxi Department of Industry and Information Technology held a meeting. "
            "Liu Shengyou, deputy director of the Department of Industry and Information "
            "Technology of Guangxi, spoke.")
    drafts = extract(text, "t", 2024)
    assert sorted(d.id for d in drafts.records if d.type == "ProvincialDepartment") == [
        "guangxi-department-of-industry-and-information-technology"]
    assert [d.fields["post_in"] for d in drafts.records if d.type == "Post"] == [
        "guangxi-department-of-industry-and-information-technology"]


# ---------------------------------------------------------------- where and when an item holds

def test_items_after_a_national_document_are_national_and_take_the_last_deadline_named():
    text = ("The Ministry of Industry and Information Technology issued the Guiding Opinions on "
            "Smart Textiles. By 2027, the opinions aim to build 30 national demonstration "
            "factories. The document also aims to cultivate 5-8 leading enterprises in Zhejiang "
            "and train 2,000 engineers. By 2030, 60% of textile firms will be digital.")
    assert quantities(text, 2024) == [
        ("QuantifiedTarget", "target", ("2000", "count", "exactly", 2027, "CN-ZJ")),
        ("QuantifiedTarget", "target", ("30", "count", "exactly", 2027, "CN")),
        ("QuantifiedTarget", "target", ("60", "percent", "exactly", 2030, "CN")),
        ("QuantifiedTarget", "target", (("5", "8"), "count", "range", 2027, "CN-ZJ")),
    ]


def test_a_provincial_plan_gives_its_province_over_a_national_adjective():
    text = ("The “Yunnan Tea Industry Action Plan (2024-2026)” sets the province's goals. It "
            "aims to certify 40 tea gardens with national organic labels.")
    assert quantities(text, 2024) == [
        ("QuantifiedTarget", "target", ("40", "count", "exactly", 2026, "CN-YN")),
    ]


def test_goals_listed_in_paragraphs_after_as_follows_keep_the_deadline_of_the_list_head():
    text = ("The Ministry of Transport issued the Plan for Smart Ports.\n\n"
            "The specific goals by 2026 are as follows: First, automation spreads. Over 40 "
            "automated terminals have been built.\n\n"
            "Second, services improve. More than 300 logistics platforms have been set up.\n\n"
            "Guangdong had 12 ports in 2020.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "achievement", ("12", "count", "exactly", 2020, "CN-GD")),
        ("QuantifiedTarget", "target", ("300", "count", "more-than", 2026, "CN")),
        ("QuantifiedTarget", "target", ("40", "count", "more-than", 2026, "CN")),
    ]


def test_a_reference_year_carries_to_the_next_sentence_and_comparisons_are_not_places():
    text = ("The Jilin meeting said industrial output grew by 6.2% in 2021, 0.8 percentage "
            "points higher than the national average. Its growth rate ranked 9th nationwide. "
            "In Changchun City, 15 factories opened 40 workshops.")
    assert quantities(text, 2022) == [
        ("QuantifiedObservation", "achievement", ("0.8", "percentage-point", "exactly", 2021,
                                                  "CN-JL")),
        ("QuantifiedObservation", "achievement", ("15", "count", "exactly", 2021, "changchun")),
        ("QuantifiedObservation", "achievement", ("40", "count", "exactly", 2021, "changchun")),
        ("QuantifiedObservation", "achievement", ("6.2", "percent", "exactly", 2021, "CN-JL")),
        ("QuantifiedObservation", "achievement", ("9", "rank", "exactly", 2021, "CN-JL")),
    ]


def test_vague_times_currently_and_past_periods_give_no_year():
    text = ("Hubei released the Optics Valley Plan (2021-2025). At least 50 optics projects "
            "will be built in Hubei in the next few years. Currently Hubei has 12 optics "
            "parks. In the 13th Five-Year Plan period, Hubei's optics output grew by 9.5% a "
            "year.")
    assert quantities(text, 2021) == [
        ("QuantifiedObservation", "achievement", ("12", "count", "exactly", None, "CN-HB")),
        ("QuantifiedObservation", "achievement", ("9.5", "percent", "exactly", None, "CN-HB")),
        ("QuantifiedTarget", "target", ("50", "count", "at-least", None, "CN-HB")),
    ]


def test_counts_of_size_classes_multiples_and_suffix_currencies():
    text = ("By 2026, Hunan will foster five trillion-yuan industries and nine 100-billion-yuan "
            "firms, and its textile output will more than double. Last year Hunan's fund paid "
            "36.5 million CNY.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "achievement", ("36500000", "yuan", "exactly", 2022,
                                                  "CN-HN")),
        ("QuantifiedTarget", "target", ("2", "times", "more-than", 2026, "CN-HN")),
        ("QuantifiedTarget", "target", ("5", "count", "exactly", 2026, "CN-HN")),
        ("QuantifiedTarget", "target", ("9", "count", "exactly", 2026, "CN-HN")),
    ]


def test_amounts_that_size_each_counted_thing_are_not_items():
    text = ("Hainan signed 25 projects, each with an investment of more than 300 million yuan. "
            "Clusters valued at 5 billion yuan ($0.7 billion) and 50 billion yuan will be "
            "built, and Hainan will strengthen six industries with annual revenue of 10 "
            "billion yuan.")
    assert quantities(text, 2024) == [
        ("QuantifiedObservation", "achievement", ("25", "count", "exactly", None, "CN-HI")),
        ("QuantifiedObservation", "composition", ("6", "count", "exactly", None, "CN-HI")),
    ]


def test_parts_of_a_plan_without_a_deadline_are_a_composition_with_no_year():
    text = ("Hebei released its plan (2023-2027).\n\nIt will build four robot industrial "
            "clusters. New "
            "materials, biomedicine and robots, the three pillar industries of Hebei, will see "
            "their respective output grow by 20% by 2027.")
    drafts = extract(text, "t", 2023)
    assert sorted((d.kind, quantity_key(d.type, d.fields), tuple(d.fields["technologies"]))
                  for d in drafts.records if d.rule == "quantity") == [
        ("composition", ("3", "count", "exactly", None, "CN-HE"), ()),
        ("composition", ("4", "count", "exactly", None, "CN-HE"), ("robot",)),
        ("target", ("20", "percent", "exactly", 2027, "CN-HE"), ("biomedicine",)),
        ("target", ("20", "percent", "exactly", 2027, "CN-HE"), ("new-materials",)),
        ("target", ("20", "percent", "exactly", 2027, "CN-HE"), ("robot",)),
    ]


def test_counts_after_number_of_and_words_that_are_not_counts():
    text = ('In 2022, the total number of chemical enterprises in Jiangsu was nearly 8000. '
            'The governor presided over three special meetings on the "Two Belts and Five '
            'Zones" strategy. Among the 30 sectors, Jiangsu leads in 12, two places higher '
            "than in 2021.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "achievement", ("8000", "count", "nearly", 2022, "CN-JS")),
    ]


def test_a_yearly_rate_on_average_takes_the_last_year_of_its_sentence():
    text = ("Shanxi's chip revenue will increase by more than 12% on average and exceed 90 "
            "billion yuan and 100 billion yuan respectively in 2025 and 2026.")
    assert quantities(text, 2024) == [
        ("QuantifiedTarget", "target", ("100000000000", "yuan", "more-than", 2026, "CN-SX")),
        ("QuantifiedTarget", "target", ("12", "percent", "more-than", 2026, "CN-SX")),
        ("QuantifiedTarget", "target", ("90000000000", "yuan", "more-than", 2025, "CN-SX")),
    ]


def test_physical_units_are_read_by_the_labels_of_the_unit_vocabulary():
    """"tonnes", "tons" and "GW" are labels of vocab/unit concepts; "MW" is not, and stays a
    note for the curator."""
    text = ("By 2025, Qinghai will reach 30 GW of capacity, 2 million tons of lithium salt "
            "and 500 MW of storage.")
    assert quantities(text) == [
        ("QuantifiedTarget", "target", ("2000000", "tonne", "exactly", 2025, "CN-QH")),
        ("QuantifiedTarget", "target", ("30", "gigawatt", "exactly", 2025, "CN-QH")),
        ("QuantifiedTarget", "target", ("500", None, "exactly", 2025, "CN-QH")),
    ]
    notes = [d.fields.get("note") for d in extract(text, "t", 2024).records
             if d.rule == "quantity" and d.fields.get("unit") is None]
    assert notes == ["The unit 'MW' is not in vocab/unit."]


# Phrasings of news and plan articles outside the corpus (each sentence invented here).

def test_a_comparison_year_is_not_the_year_of_the_figure():
    """"over 2021" and "the same period of 2022" name the base of a comparison."""
    text = ("In 2022, Hunan's output of machinery rose 8.1 percent over 2021. Exports of "
            "Hunan grew 5 percent compared with the same period of 2022.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "achievement", ("5", "percent", "exactly", 2022, "CN-HN")),
        ("QuantifiedObservation", "achievement", ("8.1", "percent", "exactly", 2022, "CN-HN")),
    ]


def test_a_year_after_a_compared_number_is_that_numbers_year():
    text = ("By 2027, the digital economy of Jiangxi will account for 12 percent of GDP, up "
            "from 8.5 percent in 2022.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "baseline", ("8.5", "percent", "exactly", 2022, "CN-JX")),
        ("QuantifiedTarget", "target", ("12", "percent", "exactly", 2027, "CN-JX")),
    ]
    # amounts joined by "and" still share the year after them
    text = "Jiangxi expects 3 trillion yuan and 4 trillion yuan of sales in 2026."
    assert [k[2][3] for k in quantities(text, 2023)] == [2026, 2026]


def test_by_then_points_back_to_the_last_deadline_across_paragraphs():
    text = ("Hefei aims to reach an industrial output value of 50 billion yuan by 2026.\n\n"
            "By then, it will have 80 to 100 industrial companies.")
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", ("50000000000", "yuan", "exactly", 2026, "hefei")),
        ("QuantifiedTarget", "target", (("80", "100"), "count", "range", 2026, "CN-AH")),
    ]


def test_a_deadline_carries_over_one_sentence_news_paragraphs():
    """A news text puts each sentence in its own paragraph; an aim with no year of its own
    takes the deadline of the paragraph before, unless that paragraph names another
    division, or the paragraph is one of several sentences."""
    text = ("Guizhou strives to achieve an industrial output value of 90 billion yuan this "
            "year.\n\nThe added value of its industries will be 20 billion yuan, an increase "
            "of 9 percent.")
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", ("20000000000", "yuan", "exactly", 2023, "CN-GZ")),
        ("QuantifiedTarget", "target", ("9", "percent", "exactly", 2023, "CN-GZ")),
        ("QuantifiedTarget", "target", ("90000000000", "yuan", "exactly", 2023, "CN-GZ")),
    ]
    other = text.replace("The added value of its industries", "Hunan's added value")
    assert ("QuantifiedTarget", "target", ("20000000000", "yuan", "exactly", None, "CN-HN")) \
        in quantities(other, 2023)
    several = text.replace("this year.", "this year. Its exports are strong.")
    assert ("QuantifiedTarget", "target", ("9", "percent", "exactly", None, "CN-GZ")) \
        in quantities(several, 2023)


def test_the_end_of_the_year_in_a_report_of_the_past_gives_no_year():
    text = "By the end of the year, the installed capacity of Gansu reached 80 GW."
    assert quantities(text, 2024) == [
        ("QuantifiedObservation", "achievement", ("80", "gigawatt", "exactly", None, "CN-GS")),
    ]
    text = "By the end of the year, the installed capacity of Gansu will reach 90 GW."
    assert quantities(text, 2024) == [
        ("QuantifiedTarget", "target", ("90", "gigawatt", "exactly", 2024, "CN-GS")),
    ]


def test_counts_whose_things_are_named_before_the_number():
    text = ("The annual output of new energy vehicles in Anhui will exceed 2.5 million by 2026. "
            "The number of the \"little giant\" firms in Anhui exceeds 1,200 by the end of "
            "2025. The number of 5G users of Anhui is expected to jump from 4.2 million in 2021 "
            "to 30 million in 2026.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "baseline", ("4200000", "count", "exactly", 2021, "CN-AH")),
        ("QuantifiedTarget", "target", ("1200", "count", "more-than", 2025, "CN-AH")),
        ("QuantifiedTarget", "target", ("2500000", "count", "more-than", 2026, "CN-AH")),
        ("QuantifiedTarget", "target", ("30000000", "count", "exactly", 2026, "CN-AH")),
    ]
    # an amount with no noun after it and no "number of" or "output of" before stays out
    assert quantities("Anhui's economy will exceed 2.5 million by 2026.", 2023) == []


def test_ranges_of_number_words_from_one_and_after_a_sized_list():
    text = ("By 2025, Guiyang will cultivate one or two companies with an annual output value "
            "of 10 billion yuan and four or five groups.")
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", (("1", "2"), "count", "range", 2025, "guiyang")),
        ("QuantifiedTarget", "target", (("4", "5"), "count", "range", 2025, "guiyang")),
    ]
    assert quantities("Guiyang has one company.", 2023) == []


def test_numbers_in_quoted_names_and_slogans_are_no_items():
    text = ("Shaanxi will focus on the province's \"top 10 industries\" and follow the \"246\" "
            "idea of \"solving two problems, improving four industries and promoting six "
            "reforms\". By 2025, Shaanxi will top 900 billion yuan and build 12 parks.")
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", ("12", "count", "exactly", 2025, "CN-SN")),
        ("QuantifiedTarget", "target", ("900000000000", "yuan", "more-than", 2025, "CN-SN")),
    ]
    # a quoted statement longer than a name keeps its numbers
    text = 'By 2025, Shaanxi "will build 10 new industrial parks in the north", he said.'
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", ("10", "count", "exactly", 2025, "CN-SN")),
    ]


def test_measures_of_length_area_and_energy_are_no_counts_and_batches_no_items():
    text = ("By 2025, Liaoning will add 12 square kilometers of industrial land, 30 kilometers "
            "of roads and 2.1 billion kWh of power, and has announced three batches of 40 "
            "clusters.")
    assert quantities(text, 2023) == [
        ("QuantifiedTarget", "target", ("12", None, "exactly", 2025, "CN-LN")),
        ("QuantifiedTarget", "target", ("2100000000", None, "exactly", 2025, "CN-LN")),
        ("QuantifiedTarget", "target", ("30", None, "exactly", 2025, "CN-LN")),
        ("QuantifiedTarget", "target", ("40", "count", "exactly", 2025, "CN-LN")),
    ]


def test_national_before_a_counted_noun_is_its_level_not_the_jurisdiction():
    text = ("Chongqing supports small firms.\n\nLiangjiang New Area has 15 national and 20 "
            "municipal little giant companies.")
    assert [k[2][4] for k in quantities(text, 2023)] == ["CN-CQ", "CN-CQ"]


def test_amounts_are_not_compositions():
    """A count of industries with no deadline describes a place; an amount said of them
    does not."""
    text = ("Hebei has 12 key industries. The added value of industries in Hebei will be 4 "
            "billion yuan.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "composition", ("12", "count", "exactly", None, "CN-HE")),
        ("QuantifiedTarget", "target", ("4000000000", "yuan", "exactly", None, "CN-HE")),
    ]


def test_past_verbs_of_statistics_make_achievements():
    text = ("This year, Jilin's industrial output expanded 6.3 percent and exports climbed 4 "
            "percent.")
    assert quantities(text, 2023) == [
        ("QuantifiedObservation", "achievement", ("4", "percent", "exactly", 2023, "CN-JL")),
        ("QuantifiedObservation", "achievement", ("6.3", "percent", "exactly", 2023, "CN-JL")),
    ]
