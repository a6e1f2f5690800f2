# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
"""``hotseat track`` end to end, headless: rounds played with ``hotseat play``
move a player along the onboarding track; a trainer's own track validates and
plays; the cohort report lists everyone, escapes names and links each cell
to its transcript."""

from __future__ import annotations

import csv
import io
import json

import yaml
from store_helpers import _own_data_dir, db_url  # noqa: F401

from simulator.cli import main
from simulator.loader import builtin_dir

NASTY = '=cmd|"<b>[bold]Eve'
STAGE_ONE = ["tires-never-sold", "refund-ten-days-late", "thank-you-note"]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def play(capsys, tmp_path, scenario, player, db, kind="good"):
    data = yaml.safe_load((builtin_dir() / f"{scenario}.yaml").read_text())
    script = tmp_path / f"{scenario}-{kind}.txt"
    script.write_text("\n".join(data["examples"][kind]) + "\n")
    code, out, err = run(
        capsys, "play", scenario, "--script", script, "--player", player, "--db", db, "--json"
    )
    assert code == 0, err
    return json.loads(out)


def show(capsys, player, db, *extra):
    code, out, err = run(
        capsys, "track", "show", "onboarding", "--player", player, "--db", db, "--json", *extra
    )
    assert code == 0, err
    return json.loads(out)


def test_rounds_played_headless_move_a_player_along_the_track(tmp_path, capsys, db_url):
    start = show(capsys, "ana", db_url)
    assert set(start) == {"track", "player", "stages", "next"}
    assert start["track"] == "onboarding" and start["player"] == "ana"
    assert start["next"] == STAGE_ONE[0]
    first, second = start["stages"][:2]
    assert first == {
        "title": first["title"],
        "passed": False,
        "unlocked": True,
        "scenarios": [{"id": s, "best": None, "passed": False} for s in STAGE_ONE],
    }
    assert second["unlocked"] is False

    for scenario in STAGE_ONE[:2]:
        play(capsys, tmp_path, scenario, "ana", db_url)
    play(capsys, tmp_path, STAGE_ONE[2], "ana", db_url, kind="poor")
    mid = show(capsys, "ana", db_url)
    assert mid["stages"][0]["passed"] is False and mid["next"] == STAGE_ONE[2]
    assert [s["passed"] for s in mid["stages"][0]["scenarios"]] == [True, True, False]

    result = play(capsys, tmp_path, STAGE_ONE[2], "ana", db_url)
    done = show(capsys, "ana", db_url)
    assert done["stages"][0]["passed"] is True and done["stages"][1]["unlocked"] is True
    assert done["stages"][0]["scenarios"][2]["best"] == result["score"]
    assert done["next"] == done["stages"][1]["scenarios"][0]["id"]
    # someone else's rounds are theirs
    assert show(capsys, "bo", db_url)["next"] == STAGE_ONE[0]

    code, out, _ = run(capsys, "track", "show", "onboarding", "--player", "ana", "--db", db_url)
    assert code == 0 and "1/4 stages passed" in out and "next: " in out


def test_a_trainers_track_validates_and_plays(tmp_path, capsys):
    folder = tmp_path / "ours"
    (folder / "tracks").mkdir(parents=True)
    track = folder / "tracks" / "week-one.yaml"
    track.write_text(
        "id: week-one\ntitle: Week one\nstages:\n"
        "  - title: Say yes\n    lesson: Find a way to say yes.\n"
        "    scenarios: [tires-never-sold]\n    pass_mark: {grade: B}\n"
    )
    code, _out, err = run(capsys, "validate", "--scenarios", folder)
    assert code == 0 and "tracks: 2 valid" in err
    code, out, _ = run(capsys, "track", "list", "--scenarios", folder, "--json")
    assert {t["id"] for t in json.loads(out)} == {"onboarding", "week-one"}
    db = tmp_path / "r.db"
    play(capsys, tmp_path, "tires-never-sold", "ana", db)
    code, out, err = run(
        capsys,
        "track",
        "show",
        "week-one",
        "--scenarios",
        folder,
        "--player",
        "ana",
        "--db",
        db,
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["stages"][0]["passed"] is True and json.loads(out)["next"] is None

    track.write_text(track.read_text().replace("tires-never-sold", "tire-never-sold"))
    code, out, _ = run(capsys, "validate", track)
    assert code == 1
    assert out.strip() == (
        f"{track}:6:17: unknown scenario 'tire-never-sold'; did you mean 'tires-never-sold'?"
    )
    code, _, err = run(capsys, "track", "show", "week-one", "--scenarios", folder, "--db", db)
    assert code == 2 and "unknown track 'week-one'" in err and "did not load" in err


def test_the_cohort_report_lists_everyone_and_links_cells_to_transcripts(tmp_path, capsys, db_url):
    good = play(capsys, tmp_path, "tires-never-sold", "ana", db_url)
    play(capsys, tmp_path, "tires-never-sold", NASTY, db_url, kind="poor")
    roster = f"ana,{NASTY},cy"
    code, out, err = run(
        capsys, "track", "report", "onboarding", "--players", roster, "--db", db_url, "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    rows = {p["player"]: p for p in report["players"]}
    assert set(rows) == {"ana", NASTY, "cy"}
    assert rows["ana"]["best"]["tires-never-sold"] == good["score"]
    assert rows["cy"]["started"] is False and rows["cy"]["best"]["tires-never-sold"] is None
    assert rows[NASTY]["failing"] == ["Find a way to say yes"]

    html_file = tmp_path / "report.html"
    code, _, err = run(
        capsys,
        "track",
        "report",
        "onboarding",
        "--players",
        roster,
        "--db",
        db_url,
        "--html",
        html_file,
    )
    assert code == 0, err
    page = html_file.read_text()
    assert "<b>" not in page and "[bold]" in page and "&lt;b&gt;" in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    # each played cell opens that round's transcript, with the replies in it
    anchors = [a.split('"')[0] for a in page.split('href="#r-')[1:]]
    assert len(anchors) == 2
    for anchor in anchors:
        assert f'id="r-{anchor}"' in page
    assert "I&#x27;m sorry" in page or "sorry" in page
    assert "Not started yet (1)" in page and ">cy<" in page

    csv_file = tmp_path / "grid.csv"
    code, _, _ = run(
        capsys,
        "track",
        "report",
        "onboarding",
        "--players",
        roster,
        "--db",
        db_url,
        "--csv",
        csv_file,
    )
    rows = list(csv.reader(io.StringIO(csv_file.read_text())))
    assert rows[0][:4] == ["player", "stage", "stages_passed", "tires-never-sold"]
    assert {r[0] for r in rows[1:]} == {"ana", "'" + NASTY, "cy"}
