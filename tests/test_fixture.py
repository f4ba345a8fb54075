"""The fixture graph of the tool tests stays valid as the model grows."""

from __future__ import annotations

from conftest import FIXTURE, FIXTURE_DATA

from chainkg.build.validate import validate
from chainkg.core.paths import data_layout, default_build_dir


def test_tools_see_the_fixture_data():
    assert data_layout().root == FIXTURE_DATA
    assert data_layout().records_dir.is_dir()
    assert sorted(p.name for p in data_layout().records_dir.iterdir()) == sorted(
        p.name for p in (FIXTURE / "graph" / "records").iterdir())
    assert default_build_dir().parent == FIXTURE_DATA.parent


def test_fixture_validates_against_the_live_ontology_and_shapes(sources_dir):
    assert [str(problem) for problem in validate(data_layout(), sources_dir)] == []
