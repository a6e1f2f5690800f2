# ruff: noqa: F811 - pytest fixtures imported from store_helpers are arguments here
"""``hotseat tournament`` end to end, headless: three players in two teams,
the standings in text/JSON/CSV/HTML/xAPI, the refusals and invite codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from store_helpers import BAD, GOOD, _own_data_dir, db_url  # noqa: F401

from simulator.cli import main

NASTY = '=HYPERLINK("http://x")<b>[bold]'


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def script(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_three_players_two_teams_end_to_end(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    good, bad = script(tmp_path, "good.txt", GOOD), script(tmp_path, "bad.txt", BAD)
    code, out, _ = run(
        capsys,
        "tournament",
        "create",
        "spring",
        "--scenarios",
        "tires-never-sold,free-disk-invoice",
        *db,
    )
    assert code == 0 and "created tournament 'spring'" in out
    scores: dict[str, int] = {}
    plays = [("ann", "red", good), ("bob", "red", bad), (NASTY, "blue", good)]
    for player, team, replies in plays:
        for scenario in ("tires-never-sold", "free-disk-invoice"):
            code, out, err = run(
                capsys,
                "play",
                scenario,
                "--tournament",
                "spring",
                "--player",
                player,
                "--team",
                team,
                "--script",
                replies,
                "--json",
                *db,
            )
            assert code == 0, err
            result = json.loads(out)
            assert result["tournament"] == "spring" and result["saved"] is True
            assert {"scenario", "seed", "outcome", "score", "dimensions", "turns"} <= set(result)
            scores[player] = scores.get(player, 0) + result["score"]

    code, out, _ = run(capsys, "tournament", "leaderboard", "spring", "--json", *db)
    board = json.loads(out)
    expected = sorted(scores, key=lambda p: -scores[p])
    assert [p["player"] for p in board["players"]] == expected
    assert {p["player"]: p["total"] for p in board["players"]} == scores
    assert all(p["played"] == 2 for p in board["players"])
    teams = {t["team"]: t["total"] for t in board["teams"]}
    assert teams == {"red": (scores["ann"] + scores["bob"]) / 2, "blue": float(scores[NASTY])}

    # Plain text: names exactly as typed, no markup interpreted.
    code, out, _ = run(capsys, "tournament", "leaderboard", "spring", *db)
    assert NASTY in out and "teams" in out

    # CSV: formula cells defused, everything else as is.
    code, out, _ = run(capsys, "tournament", "leaderboard", "spring", "--csv", *db)
    rows = list(csv.reader(io.StringIO(out)))
    cells = [r[1] for r in rows[1:4]]
    assert "'" + NASTY in cells and "ann" in cells

    html_file, xapi_file = tmp_path / "r.html", tmp_path / "x.json"
    code, out, _ = run(
        capsys, "tournament", "export", "spring", "--html", html_file, "--xapi", xapi_file, *db
    )
    assert code == 0
    page = html_file.read_text()
    assert "<script" not in page and "http://x&quot;" in page and "<b>[bold]" not in page
    assert "&lt;b&gt;[bold]" in page and page.count("<svg") >= 3 + 2 + 2
    assert "don&#x27;t sell" in page  # bob's flagged phrase, escaped
    for ref in ("src=", 'href="http', "@import", "url("):
        assert ref not in page
    # the date, how to read flags and ties, and the player x scenario grid
    # whose every cell opens that round's transcript
    assert "Report of 20" in page and "Ties are broken by" in page and "A flag is" in page
    anchors = [a.split('"')[0] for a in page.split('href="#r-')[1:]]
    assert len(anchors) == 6
    assert all(page.count(f'id="r-{a}"') == 1 for a in anchors)
    assert "Everyone has played at least one round." in page
    statements = json.loads(xapi_file.read_text())
    assert len(statements) == 6
    for s in statements:
        assert s["actor"]["account"]["name"] in scores and s["actor"]["account"]["homePage"]
        assert s["verb"]["id"].startswith("http://adlnet.gov/expapi/verbs/")
        assert 0 <= s["result"]["score"]["scaled"] <= 1
        outcome = [v for k, v in s["context"]["extensions"].items() if k.endswith("/outcome")]
        assert s["result"]["success"] is (outcome == ["resolved"])
        assert len(s["result"]["extensions"]) == 4
        grouping = s["context"]["contextActivities"]["grouping"][0]
        assert grouping["id"].endswith("/tournaments/spring")
        assert s["object"]["id"].split("/")[-1] in ("tires-never-sold", "free-disk-invoice")


def test_refusals_are_one_line_with_exit_2(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    good = script(tmp_path, "good.txt", GOOD)
    run(capsys, "tournament", "create", "t", "--scenarios", "tires-never-sold", *db)
    cases = [
        (["tournament", "create", "t", "--scenarios", "tires-never-sold"], "already exists"),
        (["tournament", "create", "u", "--scenarios", "nope"], "unknown scenario 'nope'"),
        (["tournament", "leaderboard", "missing"], "no tournament named 'missing'"),
        (
            [
                "play",
                "free-disk-invoice",
                "--tournament",
                "t",
                "--player",
                "ann",
                "--script",
                good,
                "--json",
            ],
            "not in tournament 't'",
        ),
    ]
    for argv, message in cases:
        code, _, err = run(capsys, *argv, *db)
        assert code == 2 and message in err and err.count("\n") == 1, err
    play = [
        "play",
        "tires-never-sold",
        "--tournament",
        "t",
        "--player",
        "ann",
        "--script",
        good,
        "--json",
        *db,
    ]
    assert run(capsys, *play)[0] == 0
    code, out, err = run(capsys, *play)
    assert code == 2 and out == "" and "already played" in err and err.count("\n") == 1


def test_invite_codes_decide_who_plays_as_whom(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    good = script(tmp_path, "good.txt", GOOD)
    run(
        capsys,
        "tournament",
        "create",
        "closed",
        "--scenarios",
        "tires-never-sold",
        "--invite-only",
        *db,
    )
    code, out, _ = run(capsys, "tournament", "invite", "closed", "ann", "--team", "red", *db)
    ann_code = out.strip()
    assert code == 0 and len(ann_code) == 11
    bob_code = run(capsys, "tournament", "invite", "closed", "bob", *db)[1].strip()
    play = [
        "play",
        "tires-never-sold",
        "--tournament",
        "closed",
        "--player",
        "ann",
        "--script",
        good,
        "--json",
        *db,
    ]
    for extra, message in (([], "invite-only"), (["--code", bob_code], "not valid")):
        code, out, err = run(capsys, *play, *extra)
        assert code == 2 and out == "" and message in err
    code, out, _ = run(capsys, *play, "--code", ann_code)
    assert code == 0 and json.loads(out)["player"] == "ann"
    board = json.loads(run(capsys, "tournament", "leaderboard", "closed", "--json", *db)[1])
    assert [(p["player"], p["team"]) for p in board["players"]] == [("ann", "red")]
    assert "closed" in run(capsys, "tournament", "list", *db)[1]
    assert "invite-only" in run(capsys, "tournament", "show", "closed", *db)[1]


def test_an_unreachable_database_keeps_the_round_for_hotseat_import(tmp_path):
    good = script(tmp_path, "good.txt", GOOD)
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "PATH": "/usr/bin:/bin"}
    hotseat = [sys.executable, "-m", "simulator"]
    bad_db = "postgresql://hotseat:pw@127.0.0.1:1/nowhere"
    done = subprocess.run(
        [
            *hotseat,
            "play",
            "tires-never-sold",
            "--player",
            "ann",
            "--script",
            good,
            "--json",
            "--db",
            bad_db,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 1 and json.loads(done.stdout)["saved"] is False
    assert done.stderr.count("\n") == 1 and "cannot be reached" in done.stderr
    pending = json.loads(done.stdout)["pending_file"]
    good_db = str(tmp_path / "r.db")
    for expected in ("imported", "already saved"):
        done = subprocess.run(
            [*hotseat, "import", pending, "--keep", "--db", good_db],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0 and done.stdout.startswith(expected), done.stderr


def test_the_report_lists_invited_players_who_have_not_played(tmp_path, capsys, db_url):
    db = ("--db", db_url)
    good = script(tmp_path, "good.txt", GOOD)
    run(
        capsys,
        "tournament",
        "create",
        "inv",
        "--scenarios",
        "tires-never-sold",
        "--invite-only",
        *db,
    )
    codes = {}
    for player in ("ann", "zed <i>the late</i>"):
        code, out, err = run(capsys, "tournament", "invite", "inv", player, *db)
        assert code == 0, err
        codes[player] = out.split()[-1]
    code, out, err = run(
        capsys,
        "play",
        "tires-never-sold",
        "--tournament",
        "inv",
        "--player",
        "ann",
        "--code",
        codes["ann"],
        "--script",
        good,
        "--json",
        *db,
    )
    assert code == 0, err
    html_file = tmp_path / "inv.html"
    code, _, err = run(capsys, "tournament", "export", "inv", "--html", html_file, *db)
    assert code == 0, err
    page = html_file.read_text()
    roster = page.split('id="roster"')[1].split("<h2")[0]
    assert "Not started yet (1)" in roster and "zed &lt;i&gt;the late&lt;/i&gt;" in roster
    assert "ann" not in roster
