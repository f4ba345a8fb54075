"""The curator's guide: its record reference is current and its examples are real files."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml
from conftest import REPO, compose_data

from chainkg.build.validate import validate
from chainkg.core.paths import data_layout
from chainkg.curation.guide import END, START, record_reference

GUIDE = REPO / "docs" / "curating.md"
YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


def test_record_reference_is_generated_from_the_schema():
    document = GUIDE.read_text(encoding="utf-8")
    current = document[document.index(START):document.index(END) + len(END) + 1]
    assert current == record_reference(data_layout(REPO)), (
        "docs/curating.md's record reference is out of date: run "
        "`python scripts/curating_reference.py`")


def test_record_reference_lists_every_type_and_field():
    from chainkg.curation.schema import CURATED_TYPES, fields_for

    reference = record_reference(data_layout(REPO))
    headings = [line[4:] for line in reference.splitlines() if line.startswith("### ")]
    listed = {name for heading in headings for name in heading.split(", ")}
    assert listed >= CURATED_TYPES
    for record_type in CURATED_TYPES:
        for name in fields_for(record_type):
            assert f"| `{name}` |" in reference, (record_type, name)
    assert "| `status` | term of `ontology/vocab/document-status.ttl` | `ckg:status` | yes |" \
        in reference


def test_check_mode_of_the_generator_passes():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "curating_reference.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_every_record_example_is_in_the_file_format():
    """A list of records is not a record file: examples show 'source' and 'records'."""
    for path in (REPO / "README.md", GUIDE):
        for block in YAML_BLOCK.findall(path.read_text(encoding="utf-8")):
            data = yaml.safe_load(block)
            if isinstance(data, dict) and "sources" in data:
                continue
            assert isinstance(data, dict) and set(data) == {"source", "records"}, (
                f"{path.name}: a record example is not a record file:\n{block[:200]}")


def test_the_complete_example_validates_against_its_source(tmp_path, sources_dir):
    document = GUIDE.read_text(encoding="utf-8")
    example = document[document.index("<!-- example:start -->"):
                       document.index("<!-- example:end -->")]
    block = YAML_BLOCK.findall(example)[0]
    data = compose_data(tmp_path / "data")
    source = yaml.safe_load(block)["source"]
    (data / "graph" / "records" / f"{source}.yaml").write_text(block, encoding="utf-8")
    assert [str(p) for p in validate(data_layout(data), sources_dir)] == []
