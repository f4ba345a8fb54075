"""Properties of `extract` over arbitrary Unicode text (Hypothesis): it never raises, every
quote is the slice of the text at its offsets, and the same input gives the same bytes."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.curation.extract import extract, render_drafts

# Pieces of policy prose, so that the rules fire on the generated texts and not only fail.
FRAGMENTS = [
    "North China's Shanxi province", "by the end of 2025", "more than", "over", "at least",
    "about", "800 billion yuan", "($110.14 billion)", "CNY850bn", "1.2m units", "70%",
    "2-3", "two or three", "this year", "during the 14th Five-Year Plan period", "(2021-2023)",
    '"Ten Industries" Initiative', "Action Plan for Promoting Development", "guiding opinions",
    "government work report", "Vice Mayor Wu Qing", "Governor Ye Jianchun",
    "Liu Shengyou of the Guangxi Department of Industry and Information Technology",
    "补链", "强链", "chain chief system", "robots", "NEVs", "机器人", "Hefei, Wuhu and Anqing",
    "seven key industrial chains", "1 2 lighthouse factories", "ranked the 34th in 2012",
    ".", ", ", "\n", "\n\n", " ", "“", "”", "(", ")",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                 max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def all_spans(drafts):
    for draft in drafts.records:
        yield from draft.evidence
    for mention in drafts.mentions:
        yield mention.span


@SETTINGS
@given(st.text())
def test_arbitrary_unicode_never_raises_and_quotes_are_slices(text):
    drafts = extract(text, "t", 2024)
    for span in all_spans(drafts):
        assert text[span.start:span.end] == span.quote


@SETTINGS
@given(texts)
def test_policy_like_text_quotes_are_slices_and_output_is_stable(text):
    drafts = extract(text, "t", 2024)
    for span in all_spans(drafts):
        assert text[span.start:span.end] == span.quote
        assert span.quote.strip() == span.quote and span.quote
    rendered = render_drafts(drafts)
    assert rendered == render_drafts(extract(text, "t", 2024))
    # The drafts file is YAML whose quotes read back as the same slices.
    data = yaml.safe_load(rendered)
    for record in data["records"]:
        for item in record["evidence"]:
            assert text[item["start"]:item["end"]] == item["quote"]
    assert len({record["id"] for record in data["records"]}) == len(data["records"])
