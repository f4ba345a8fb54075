"""`chainkg extract`: documents, places, organisations, people and chain facts, each rule
checked on short invented sentences with the exact drafts it must give."""

from __future__ import annotations

from chainkg.curation.extract import extract


def documents(text: str, year: int = 2024) -> list[tuple]:
    drafts = extract(text, "t", year)
    return sorted((d.type, d.fields["title"]["en"], d.fields.get("jurisdiction"),
                   d.fields.get("start_year"), d.fields.get("end_year"))
                  for d in drafts.records if "title" in d.fields)


def organisations(text: str) -> list[tuple]:
    drafts = extract(text, "t", 2024)
    return sorted((d.type, d.label, d.fields.get("jurisdiction"))
                  for d in drafts.records
                  if d.type not in ("Person", "Post", "City", "District", "Event")
                  and "title" not in d.fields and d.rule != "quantity")


def test_a_document_named_in_the_headline_is_drafted_from_it():
    text = ("source: https://example.org/a\n"
            "title: Hubei Unveils Action Plan for Smart Shipbuilding\n"
            "date: 2024-03-02\n\nThe shipyards welcomed it on Monday.")
    drafts = extract(text, "t", 2024)
    [document] = [d for d in drafts.records if "title" in d.fields]
    assert (document.type, document.fields["title"]["en"], document.fields["jurisdiction"]) == (
        "ActionPlan", "Action Plan for Smart Shipbuilding", "CN-HB")
    assert [e.quote for e in document.evidence] == [
        "Hubei Unveils Action Plan for Smart Shipbuilding"]


def test_the_body_mention_makes_the_draft_and_the_headline_joins_it():
    text = ("source: x\ntitle: Guiding Opinions on Smart Grain Storage Released\n"
            "date: 2024-05-01\n\nThe Ministry of Agriculture issued the Guiding Opinions on "
            "the Smart Grain Storage recently.")
    assert documents(text) == [("GuidingOpinion", "Guiding Opinions on the Smart Grain Storage",
                                "CN", None, None)]


def test_quoted_short_names_and_quoted_periods_are_not_documents():
    text = ('Ningxia issued the "Work Plan for Green Chemicals (2024-2026)" (hereinafter the '
            '"Plan"). The "Plan" asks cities to act during the "15th Five-Year Plan" period.')
    assert documents(text) == [("WorkPlan", "Work Plan for Green Chemicals (2024-2026)",
                                "CN-NX", 2024, 2026)]


def test_a_quoted_opening_takes_its_title_case_tail():
    text = "Yunnan releases the “15th Five-Year” Blueprint for the Green Aluminium Industry."
    assert documents(text) == [
        ("DevelopmentPlan", "“15th Five-Year” Blueprint for the Green Aluminium Industry",
         "CN-YN", 2026, 2030)]


def test_a_stray_pair_of_quotation_marks_opens_no_title():
    text = ('The ministry and the National Railway Administration issued the "" The 14th '
            'Five-Year Plan for Rail Equipment Development (hereinafter the "Plan").')
    assert documents(text) == [("DevelopmentPlan",
                                "14th Five-Year Plan for Rail Equipment Development", "CN",
                                2021, 2025)]


def test_counted_plans_over_a_list_of_chains_give_one_plan_per_chain():
    text = ("Hainan released two upgrade plans for the industrial chains of marine tourism and "
            "deep-sea fishing.")
    assert documents(text) == [
        ("Plan", "upgrade plan for the industrial chain of deep-sea fishing",
         "CN-HI", None, None),
        ("Plan", "upgrade plan for the industrial chain of marine tourism",
         "CN-HI", None, None)]


def test_a_plan_named_by_who_released_it_and_the_municipal_government():
    text = ("Tianjin will add parks in its port area, according to a plan released by the "
            "municipal government.")
    assert documents(text) == [("Plan", "plan released by the municipal government",
                                "CN-TJ", None, None)]
    assert organisations(text) == [("ProvincialGovernment", "Tianjin Municipal Government",
                                    "CN-TJ")]


def test_a_bracketed_period_makes_a_document_phrase():
    text = "Shaanxi issued the cluster action plan (2023-2027) last week."
    assert documents(text) == [("ActionPlan", "cluster action plan (2023-2027)", "CN-SN",
                                2023, 2027)]


def test_body_names_with_for_tails_chained_body_words_and_two_bodies_joined_by_and():
    text = ("The State Administration for Market Regulation, the State-owned Assets Supervision "
            "and Administration Commission of the State Council, the Department of Commerce of "
            "Hubei Province and Hubei Administration for Market Regulation met.")
    assert organisations(text) == [
        ("GovernmentBody", "Hubei Administration for Market Regulation", "CN-HB"),
        ("GovernmentBody", "State Administration for Market Regulation", "CN"),
        ("GovernmentBody", "State-owned Assets Supervision and Administration Commission of "
                           "the State Council", "CN"),
        ("ProvincialDepartment", "Department of Commerce of Hubei Province", "CN-HB"),
        ("StateCouncil", "State Council", "CN")]


def test_a_numbered_congress_is_a_session_and_a_university_unit_names_its_university():
    text = ("The 11th CPC Shaanxi Provincial Congress called for action. Li Hua, a professor at "
            "the College of Economics of Northwest University, agreed.")
    assert organisations(text) == [
        ("AcademicUnit", "College of Economics, Northwest University", None),
        ("University", "Northwest University", None)]


def test_a_governors_post_is_in_the_provincial_government_and_the_legislature():
    text = ("Zhang Ming, governor of Gansu Province, said the provincial legislature agreed.")
    drafts = extract(text, "t", 2024)
    assert organisations(text) == [
        ("GovernmentBody", "Gansu Provincial People's Congress", "CN-GS"),
        ("ProvincialGovernment", "Gansu provincial government", "CN-GS")]
    [post] = [d for d in drafts.records if d.type == "Post"]
    assert (post.fields["held_by"], post.fields["post_in"], post.fields["role"]) == (
        "zhang-ming", "gansu-provincial-government", "governor")


def test_people_in_apposition_and_words_that_are_not_people():
    text = ("Implementing the spirit of General Secretary Xi Jinping's speech, the General "
            "Office of the Hunan Provincial People's Government acted. The province's governor, "
            "Wang Lin, spoke. Chen Bo, an official with the Hebei Provincial Department of "
            "Commerce, said more. Executive Vice Governor Zhao Yun agreed.")
    drafts = extract(text, "t", 2024)
    assert sorted(d.id for d in drafts.records if d.type == "Person") == [
        "chen-bo", "wang-lin", "zhao-yun"]
    assert sorted((d.fields["held_by"], d.fields["role"]) for d in drafts.records
                  if d.type == "Post") == [("chen-bo", None), ("wang-lin", "governor"),
                                           ("zhao-yun", "vice-governor")]


def test_national_comparisons_and_scopes_do_not_make_a_fact_national():
    text = ("Hebei's output growth ranked 3rd nationwide. Its growth was 1.2 percentage points "
            "higher than the national average. It will promote 50 robots in national "
            "application scenarios.")
    assert extract(text, "t", 2024).jurisdiction_facts() == {"CN-HE"}


def test_my_country_is_china_and_one_late_division_does_not_outweigh_it():
    text = ("The ministry wants my country's robot industry to lead and will build 3 clusters "
            "by 2027.\n\n" + "Filler sentence about robots. " * 20 +
            "\n\nTo the departments of all provinces and the Xinjiang Production and "
            "Construction Corps.")
    assert extract(text, "t", 2024).jurisdiction_facts() == {"CN"}


def test_districts_counties_and_banners_are_districts_placed_in_their_province():
    text = ("Minhang District will build 4 parks by 2026. In Zhejiang, Wuyi County runs a "
            "hardware fair.")
    drafts = extract(text, "t", 2024)
    assert sorted((d.type, d.id, d.label, d.fields.get("located_in"))
                  for d in drafts.records if d.type == "District") == [
        ("District", "minhang-district", "Minhang District", "CN-SH"),
        ("District", "wuyi-county", "Wuyi County", "CN-ZJ")]
    assert drafts.jurisdiction_facts() == {"minhang-district", "wuyi-county", "CN-SH", "CN-ZJ"}


def test_a_press_briefing_held_in_a_named_place_is_an_event_there():
    text = "Li Qiang, governor of Guizhou Province, told a press briefing in Beijing on Monday."
    drafts = extract(text, "t", 2024)
    [event] = [d for d in drafts.records if d.type == "Event"]
    [briefing] = [d for d in drafts.records if d.type == "PressBriefing"]
    assert (event.label, event.fields) == ("press briefing in Beijing", {
        "event_kind": "press-conference", "located_in": "CN-BJ", "about": [briefing.id]})
    assert briefing.fields["jurisdiction"] == "CN-GZ"


def test_chain_strategies_and_the_chain_chief_in_other_words():
    text = ("Qinghai will keep enhancing the traditional advantageous industries, fostering the "
            "frontier emerging industries and making breakthroughs in key core technologies, "
            "with a chief of each key industrial chain.")
    assert extract(text, "t", 2024).mention_ids("chain-term") == {
        "chain-strategy/upgrading", "chain-strategy/building", "chain-strategy/patching",
        "policy-instrument/chain-chief-system"}


def test_a_body_in_lower_case_after_its_province_and_bodies_between_two_body_words():
    text = ("Ma Lin, deputy director of the Shaanxi provincial department of industry and "
            "information technology, said the State Council Information Office and the State "
            "Taxation Administration agreed.")
    assert organisations(text) == [
        ("GovernmentBody", "State Council Information Office", "CN"),
        ("GovernmentBody", "State Taxation Administration", "CN"),
        ("ProvincialDepartment", "Shaanxi Provincial Department of Industry and Information "
                                 "Technology", "CN-SN")]


def test_plural_body_words_bare_level_words_and_a_party_group_are_no_bodies():
    text = ("Comments from Authoritative Departments were heard. The Provincial Department and "
            "the Municipal Party Committee met the Party Group of the bureau; the Trade "
            "Commissioner left.")
    assert organisations(text) == []


def test_a_quoted_title_inside_a_longer_title_and_a_comma_inside_the_quotation_marks():
    text = ("The Three-year Action Plan of Gansu Province on Implementing the \"Smart Mines\" "
            "Plan (2024-2026) was released. The ministry issued the \"Guiding Opinions on "
            "Green Foundries,\" proposing more.")
    assert documents(text) == [
        ("ActionPlan", "Three-year Action Plan of Gansu Province on Implementing the "
                       "\"Smart Mines\" Plan (2024-2026)", "CN-GS", 2024, 2026),
        ("GuidingOpinion", "Guiding Opinions on Green Foundries", "CN-GS", None, None)]


def test_an_owner_is_no_word_of_a_title_and_a_named_plan_in_lower_case():
    text = ("Hubei will link it to the country's Digital Silk action plan. The Greater Bay "
            "Area plan helps, and the plan of the city helps too.")
    assert documents(text) == [
        ("ActionPlan", "Digital Silk action plan", "CN-HB", None, None),
        ("Plan", "Greater Bay Area plan", "CN-HB", None, None)]
