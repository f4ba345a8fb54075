"""scripts/reference_cities.py: graph/reference/cities.csv from cpca's adcodes and Pinyin."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO, load_script, require

SCRIPT = REPO / "scripts" / "reference_cities.py"


def _script():
    return load_script("reference_cities")


@pytest.fixture(scope="module")
def script():
    for package in ("cpca", "pypinyin", "pypinyin_dict"):
        require(importlib.util.find_spec(package) is not None,
                f"'{package}' is not installed (pip install -e \".[reference]\")")
    return _script()


ADCODES = """adcode,name,longitude,latitude
440000000000,广东省,0,0
440100000000,广州市,0,0
440101000000,市辖区,0,0
440114000000,花都区,0,0
310000000000,上海市,0,0
310100000000,市辖区,0,0
310118000000,青浦区,0,0
150000000000,内蒙古自治区,0,0
150500000000,通辽市,0,0
150525000000,奈曼旗,0,0
620000000000,甘肃省,0,0
623000000000,甘南藏族自治州,0,0
622900000000,临夏回族自治州,0,0
622927000000,积石山保安族东乡族撒拉族自治县,0,0
420000000000,湖北省,0,0
429000000000,省直辖县级行政区划,0,0
429021000000,神农架林区,0,0
610000000000,陕西省,0,0
610100000000,西安市,0,0
610103000000,碑林区,0,0
460000000000,海南省,0,0
460300000000,三沙市,0,0
460321000000,西沙群岛,0,0
370000000000,山东省,0,0
371700000000,菏泽市,0,0
371722000000,单县,0,0
"""

EXPECTED = """adcode,name_zh,name_pinyin,level,province,prefecture
150500,通辽市,Tongliao,prefecture-city,CN-NM,
150525,奈曼旗,Naiman,banner,CN-NM,150500
310118,青浦区,Qingpu,district,CN-SH,
371700,菏泽市,Heze,prefecture-city,CN-SD,
371722,单县,Shan,county,CN-SD,371700
429021,神农架林区,Shennongjia,forestry-district,CN-HB,
440100,广州市,Guangzhou,prefecture-city,CN-GD,
440114,花都区,Huadu,district,CN-GD,440100
460300,三沙市,Sansha,prefecture-city,CN-HI,
610100,西安市,Xi'an,prefecture-city,CN-SN,
610103,碑林区,Beilin,district,CN-SN,610100
622900,临夏回族自治州,Linxia,autonomous-prefecture,CN-GS,
622927,积石山保安族东乡族撒拉族自治县,Jishishan,autonomous-county,CN-GS,622900
623000,甘南藏族自治州,Gannan,autonomous-prefecture,CN-GS,
"""


def test_an_invented_adcodes_file_gives_the_exact_table(script, tmp_path):
    (tmp_path / "adcodes.csv").write_text(ADCODES, encoding="utf-8")
    output = tmp_path / "cities.csv"
    assert script.main(["--adcodes", str(tmp_path / "adcodes.csv"),
                        "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == EXPECTED


def test_a_province_missing_from_provinces_csv_is_refused(script, tmp_path):
    (tmp_path / "adcodes.csv").write_text(
        "adcode,name\n990000000000,无名省,0,0\n990100000000,无名市\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="adcode 990000: 无名省: no row of provinces.csv"):
        script.main(["--adcodes", str(tmp_path / "adcodes.csv"),
                     "--output", str(tmp_path / "cities.csv")])
    assert not (tmp_path / "cities.csv").exists()


def test_the_committed_table_is_what_the_script_writes(script):
    """Re-running on cpca's own adcodes gives the committed bytes, twice over."""
    first = script.generate()
    assert first == script.generate()
    assert first == (REPO / "graph" / "reference" / "cities.csv").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                            text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_every_province_of_the_table_is_a_division_of_provinces_csv(script):
    import csv

    with (REPO / "graph" / "reference" / "provinces.csv").open(encoding="utf-8") as handle:
        codes = {row["iso_3166_2"] for row in csv.DictReader(handle)}
    with (REPO / "graph" / "reference" / "cities.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["province"] for row in rows} <= codes
    assert [row["adcode"] for row in rows] == sorted({row["adcode"] for row in rows})
    # cpca 0.5.5 has 334 prefecture-level divisions (293 cities, 30 autonomous prefectures,
    # 8 prefectures, 3 leagues).
    assert sum(1 for row in rows if row["prefecture"] == "" and
               row["adcode"].endswith("00")) == 334
