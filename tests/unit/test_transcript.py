"""Transcripts: what a trainee takes away from a round, as JSON and Markdown."""

import json
import os

import pytest

from simulator.engine import Round
from simulator.errors import HotseatError
from simulator.loader import find_scenario
from simulator.transcript import default_folder, md, save_transcript, to_markdown

BAD = "We don't sell tires, sir. You must have bought them somewhere else."
GOOD = "Two tires across town is a lot of hauling, I'm so sorry. Let me refund them right here."


@pytest.fixture
def rnd():
    r = Round(find_scenario("tires-never-sold").scenario, seed=1)
    r.play(BAD)
    r.rewind()
    r.play(GOOD)
    return r


def test_markdown_has_every_turn_the_scores_flags_and_the_retry(rnd):
    text = to_markdown(rnd.to_dict())
    assert text.startswith("# tires-never-sold")
    assert "**Customer:** Afternoon. I need to return these two tires." in text
    assert "### Turn 1" in text
    assert "sorry" in text and f"mood {rnd.turns[0].mood}" in text
    # The rewound try is kept, with the phrase that was flagged in it.
    assert "## Rewound tries" in text
    assert "flagged (policy-hiding): “We don't sell tires”" in text
    assert "flagged (blame)" in text


def test_markdown_escapes_html_links_and_emphasis():
    assert md("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md("[click](http://x) *bold*") == r"\[click\](http://x) \*bold\*"
    r = Round(find_scenario("tires-never-sold").scenario)
    r.play("<b>hi</b> [link](javascript:x)")
    text = to_markdown(r.to_dict())
    assert "<b>" not in text and "&lt;b&gt;hi" in text
    assert "[link](javascript" not in text and r"\[link\](javascript:x)" in text


def test_save_writes_json_and_markdown_without_overwriting(rnd, tmp_path):
    json1, md1 = save_transcript(rnd, tmp_path / "out", player="Ana")
    json2, md2 = save_transcript(rnd, tmp_path / "out", player="Ana")
    assert json1 != json2 and md1 != md2
    data = json.loads(json1.read_text(encoding="utf-8"))
    assert data["scenario"] == "tires-never-sold"
    assert data["player"] == "Ana"
    assert data["title"] == rnd.scenario.title
    assert len(data["turns"]) == 1 and len(data["retries"]) == 1
    assert data["retries"][0]["superseded"] is True
    assert "- player: Ana" in md1.read_text(encoding="utf-8")


def test_save_into_an_unwritable_place_is_one_clear_error(rnd, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HotseatError, match="cannot save the transcript in"):
        save_transcript(rnd, blocker / "sub")


def test_default_folder_is_under_the_documents_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    assert default_folder() == tmp_path / "Documents" / "hotseat"
    assert os.path.basename(default_folder()) == "hotseat"
