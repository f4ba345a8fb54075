"""`chainkg extract`: people and their posts in the phrasings of English-language Chinese
news and official pages, each on a short invented sentence with the exact drafts it must
give, and the names that are no people."""

from __future__ import annotations

import pytest

from chainkg.curation.extract import extract
from chainkg.curation.extract.people import is_pinyin, romanise, surnames


def people(text: str) -> list[str]:
    return sorted(d.id for d in extract(text, "t", 2024).records if d.type == "Person")


def posts(text: str) -> list[tuple]:
    return sorted((d.fields["held_by"], d.label, d.fields["role"], d.fields["post_in"])
                  for d in extract(text, "t", 2024).records if d.type == "Post")


def bodies(text: str) -> list[tuple]:
    return sorted((d.type, d.id, d.label, d.fields.get("jurisdiction"))
                  for d in extract(text, "t", 2024).records
                  if d.type in ("ProvincialDepartment", "GovernmentBody", "Enterprise",
                                "University", "AcademicUnit", "ResearchInstitute", "Ministry"))


def test_the_surname_list_and_pinyin_given_names():
    assert {"Wang", "Li", "Zhang", "Ouyang", "Guo"} <= surnames()
    assert is_pinyin("Yanhong") and is_pinyin("Yi-ming") and is_pinyin("Heping")
    assert not is_pinyin("Auto") and not is_pinyin("Group")
    assert romanise("曾国强") == "Zeng Guoqiang"
    assert romanise("欧阳青") == "Ouyang Qing"


def test_name_comma_post_of_a_department_drafts_the_department():
    text = ("Zhou Peng, director of the Hunan Provincial Department of Natural Resources, "
            "said the mines will close.")
    assert posts(text) == [
        ("zhou-peng", "Zhou Peng, director of Hunan Provincial Department of Natural Resources",
         "director", "hunan-department-of-natural-resources")]
    assert bodies(text) == [
        ("ProvincialDepartment", "hunan-department-of-natural-resources",
         "Hunan Provincial Department of Natural Resources", "CN-HN")]


def test_said_name_deputy_head_and_according_to_a_chairman():
    text = ("The port grew fast, said Tan Lin, deputy head of the Fujian Provincial Bureau of "
            "Statistics. Orders doubled, according to Kong Yue, chairman of Minjiang Steel "
            "Group.")
    assert people(text) == ["kong-yue", "tan-lin"]
    assert posts(text) == [
        ("kong-yue", "Kong Yue, chairman of Minjiang Steel Group", "chairman",
         "minjiang-steel-group"),
        ("tan-lin", "Tan Lin, deputy head of Fujian Provincial Bureau of Statistics",
         "deputy-director", "fujian-bureau-of-statistics")]


def test_party_secretary_before_a_name_and_a_researcher_at_an_academy():
    text = ("Jilin's Party secretary Gao Feng toured the plant. Du Xin, a researcher at the "
            "Chinese Academy of Forestry, spoke.")
    assert posts(text) == [
        ("du-xin", "Du Xin, researcher of Chinese Academy of Forestry", "researcher",
         "chinese-academy-of-forestry"),
        ("gao-feng", "Gao Feng, Party secretary", "party-secretary", None)]


def test_professor_of_a_university_and_a_hyphenated_vice_governor():
    text = "Professor Pan Yue of Lanzhou University met Vice-Governor Xie Guomin."
    assert posts(text) == [
        ("pan-yue", "Pan Yue, Professor of Lanzhou University", "professor",
         "lanzhou-university"),
        ("xie-guomin", "Xie Guomin, Vice-Governor", "vice-governor", None)]


def test_post_of_a_place_then_the_name():
    text = "Mayor of Xiamen, Huang Wenjun, opened the fair."
    assert people(text) == ["huang-wenjun"]
    assert posts(text) == [("huang-wenjun", "Huang Wenjun, Mayor", "mayor", None)]


def test_joined_hyphenated_and_capitalised_surnames():
    text = ("Ma Huateng, president of Nanyue Holdings Group, and Lin Yi-ming, vice-president "
            "of Xiamen University, signed. Mr. SUN Jiawei attended.")
    assert people(text) == ["lin-yi-ming", "ma-huateng", "sun-jiawei"]
    assert posts(text) == [
        ("lin-yi-ming", "Lin Yi-ming, vice-president of Xiamen University", "vice-president",
         "xiamen-university"),
        ("ma-huateng", "Ma Huateng, president of Nanyue Holdings Group", "president",
         "nanyue-holdings-group")]


def test_honorifics_speakers_and_said():
    text = ("Speakers: Ms. Qin Lan, spokesperson for the provincial government.\n"
            "Qin Lan: Good morning.\nFeng Tao said the parks are full.")
    assert people(text) == ["feng-tao", "qin-lan"]
    assert posts(text) == [("qin-lan", "Qin Lan, spokesperson", "spokesperson", None)]


def test_a_name_that_serves_as_a_chain_chief():
    text = "Luo Ping serves as the chain chief of the copper industrial chain."
    assert posts(text) == [("luo-ping", "Luo Ping, chain chief", "chain-chief", None)]


def test_chinese_body_post_and_name():
    text = "江西省商务厅厅长曾立新表示，外贸将稳中向好。"
    drafts = extract(text, "t", 2024)
    [person] = [d for d in drafts.records if d.type == "Person"]
    assert (person.id, person.label, person.fields["note"]) == (
        "zeng-lixin", "Zeng Lixin", "Written 曾立新 in the text; the romanisation is pypinyin's.")
    assert [(d.label, d.fields["role"]) for d in drafts.records if d.type == "Post"] == [
        ("Zeng Lixin, 厅长 of 江西省商务厅", "director")]


@pytest.mark.parametrize("text", [
    "Li Auto delivered 3000 cars in May.",
    "Zhang Jiang Hi-tech Park added 12 firms.",
    "Hong Kong said its exports rose.",
    "General Secretary Xi Jinping's speeches guide the work.",
    "Director Office Space was rented.",
    "Chairman Group Holdings merged.",
    "Officials from the Commerce Bureau said exports rose.",
    "The expert teams met Governor Plaza staff.",
])
def test_places_companies_and_headline_words_are_no_people(text):
    assert people(text) == []


def test_a_title_case_headline_names_no_person():
    text = ("source: https://example.org/a\ntitle: Vice Governor Wang Lin Visits Plant\n"
            "date: 2024-03-02\n\nThe plant makes pumps.")
    assert people(text) == []


def test_a_second_post_joined_by_and_keeps_its_own_body():
    text = ("Tang Ying, deputy secretary of the CPC Gansu Provincial Committee and governor of "
            "Gansu Province, visited the plant.")
    assert posts(text) == [
        ("tang-ying", "Tang Ying, deputy secretary of CPC Gansu Provincial Committee", None,
         "cpc-gansu-committee"),
        ("tang-ying", "Tang Ying, governor of Gansu provincial government", "governor",
         "gansu-provincial-government")]


def test_a_body_or_a_province_named_before_the_post():
    text = ("Hou Jun, CPC Henan Provincial Committee Secretary, and Pan Rui, Henan governor, "
            "opened the fair.")
    assert posts(text) == [
        ("hou-jun", "Hou Jun, Secretary of CPC Henan Provincial Committee", "party-secretary",
         "cpc-henan-committee"),
        ("pan-rui", "Pan Rui, governor of Henan provincial government", "governor",
         "henan-provincial-government")]


def test_a_minister_of_a_field_is_in_the_ministry_of_that_field():
    text = ("Gao Feng, vice minister of commerce, spoke. Minister of Natural Resources "
            "Lu Hao said more.")
    assert posts(text) == [
        ("gao-feng", "Gao Feng, vice minister of Ministry of Commerce", "vice-minister",
         "ministry-of-commerce"),
        ("lu-hao", "Lu Hao, Minister of Ministry of Natural Resources", "minister",
         "ministry-of-natural-resources")]
    assert bodies(text) == [
        ("Ministry", "ministry-of-commerce", "Ministry of Commerce", "CN"),
        ("Ministry", "ministry-of-natural-resources", "Ministry of Natural Resources", "CN")]


def test_the_post_comma_name_and_a_name_after_a_body_that_ends_in_congress():
    text = ("The Deputy Secretary of the Party Group and Vice Minister, Fan Li, attended. "
            "Director of the Standing Committee of the Municipal People's Congress Gu Ning "
            "also attended.")
    assert people(text) == ["fan-li", "gu-ning"]
    assert posts(text) == [
        ("fan-li", "Fan Li, Deputy Secretary", None, None),
        ("fan-li", "Fan Li, Vice Minister", "vice-minister", None),
        ("gu-ning", "Gu Ning, Director of Standing Committee of the Municipal People's Congress",
         "director", "standing-committee-of-the-municipal-peoples-congress")]
    # Neither the bare party group nor a body that runs into the holder's name is drafted.
    assert bodies(text) == [
        ("GovernmentBody", "standing-committee-of-the-municipal-peoples-congress",
         "Standing Committee of the Municipal People's Congress", None)]


def test_no_person_after_a_post_and_a_comma_without_a_listed_surname():
    text = "The chief engineer, Blue Harbour, reported. The director, Wang Lin and others met."
    assert posts(text) == []
