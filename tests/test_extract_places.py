"""Cities and districts from graph/reference/cities.csv, on invented sentences."""

from __future__ import annotations

from chainkg.curation.extract import extract


def places(text: str) -> list[tuple]:
    """(type, id, label, fields, [(quote, supports)]) of each City and District draft."""
    return sorted((d.type, d.id, d.label, d.fields, [(e.quote, e.supports) for e in d.evidence])
                  for d in extract(text, "t", 2024).records if d.type in ("City", "District"))


def en(label: str, zh: str, province: str) -> dict:
    return {"label": {"en": label, "zh": zh}, "translated": ["label.zh"],
            "located_in": province}


def test_a_prefecture_level_city_named_alone_with_city_or_possessive():
    text = "Foshan's output grew. Machinery makers in Zhuzhou City and Chifeng expanded."
    assert places(text) == [
        ("City", "chifeng", "Chifeng", en("Chifeng", "赤峰市", "CN-NM"),
         [("Machinery makers in Zhuzhou City and Chifeng expanded", ())]),
        ("City", "foshan", "Foshan", en("Foshan", "佛山市", "CN-GD"),
         [("Foshan's output grew", ())]),
        ("City", "zhuzhou", "Zhuzhou", en("Zhuzhou", "株洲市", "CN-HN"),
         [("Machinery makers in Zhuzhou City and Chifeng expanded", ())])]
    assert extract(text, "t", 2024).jurisdiction_facts() == {
        "foshan", "zhuzhou", "chifeng", "CN-GD", "CN-HN", "CN-NM"}


def test_the_province_comes_from_the_table_not_from_the_sentence():
    text = "Guangxi firms opened offices in Foshan."
    assert places(text) == [("City", "foshan", "Foshan", en("Foshan", "佛山市", "CN-GD"),
                             [("Guangxi firms opened offices in Foshan", ())])]


def test_county_level_divisions_only_with_their_level_word():
    text = ("Huadu District and Naiman Banner will build parks. Huadu and Qingpu grow; "
            "Qingpu District leads.")
    assert places(text) == [
        ("District", "huadu-district", "Huadu District",
         en("Huadu District", "花都区", "CN-GD"),
         [("Huadu District and Naiman Banner will build parks", ())]),
        ("District", "naiman-banner", "Naiman Banner", en("Naiman Banner", "奈曼旗", "CN-NM"),
         [("Huadu District and Naiman Banner will build parks", ())]),
        ("District", "qingpu-district", "Qingpu District",
         en("Qingpu District", "青浦区", "CN-SH"), [("Qingpu District leads", ())])]


def test_a_shared_name_is_resolved_by_a_province_named_nearby_or_left_out():
    # 福州 (Fujian) and 抚州 (Jiangxi) are both "Fuzhou"; 清河县 is in Hebei and 青河县 in
    # Xinjiang; 台州 (Zhejiang) and 泰州 (Jiangsu) are both "Taizhou".
    text = ("Fuzhou will grow.\n\n"
            "Fuzhou, in Jiangxi province, will grow. Qinghe County of Hebei makes cashmere.\n\n"
            "Taizhou and Hangzhou build ports.\n\n"
            "Yichun and Qinghe County trade.")
    assert places(text) == [
        ("City", "fuzhou", "Fuzhou", en("Fuzhou", "抚州市", "CN-JX"),
         [("Fuzhou", ("label",)), ("in Jiangxi province", ("located_in",))]),
        ("City", "hangzhou", "Hangzhou", en("Hangzhou", "杭州市", "CN-ZJ"),
         [("Taizhou and Hangzhou build ports", ())]),
        ("City", "taizhou", "Taizhou", en("Taizhou", "台州市", "CN-ZJ"),
         [("Taizhou and Hangzhou build ports", ())]),
        ("District", "qinghe-county", "Qinghe County", en("Qinghe County", "清河县", "CN-HE"),
         [("Qinghe County of Hebei makes cashmere", ())])]


def test_a_city_named_like_a_province_is_a_city_only_with_its_level_word():
    text = "Jilin will build 2 parks. Jilin City will build 3. Hainan grows."
    assert places(text) == [("City", "jilin", "Jilin", en("Jilin", "吉林市", "CN-JL"),
                             [("Jilin City will build 3", ())])]
    assert extract(text, "t", 2024).mention_ids("jurisdiction") == {"CN-JL", "jilin", "CN-HI"}


def test_people_and_companies_named_after_a_city_are_not_the_city():
    assert places("Zhang Baoshan said Yili Group grew.") == []


def test_chinese_names_and_a_capital_keeps_its_english_id():
    text = "广东佛山的花都区和呼和浩特市"
    assert places(text) == [
        ("City", "foshan", "佛山市", {"label": {"zh": "佛山市"}, "located_in": "CN-GD"},
         [(text, ())]),
        ("City", "hohhot", "呼和浩特市", {"label": {"zh": "呼和浩特市"}, "located_in": "CN-NM"},
         [(text, ())]),
        ("District", "huadu-district", "花都区",
         {"label": {"zh": "花都区"}, "located_in": "CN-GD"}, [(text, ())])]


def test_pinyin_spellings_with_and_without_the_apostrophe():
    text = "Battery plants in LuAn and Xi'an grew."
    assert [(t, i, label) for t, i, label, _f, _e in places(text)] == [
        ("City", "luan", "LuAn"), ("City", "xian", "Xi'an")]


def test_a_district_the_table_lacks_is_placed_by_its_sentence_as_before():
    # "Jinqiao" is no county-level name of the table (a development zone in Shanghai).
    text = "Jinqiao District runs a fair.\n\nIn Zhejiang, Jinqiao District runs a fair."
    assert places(text) == [("District", "jinqiao-district", "Jinqiao District",
                             {"located_in": None}, [("Jinqiao District runs a fair", ())])]
