"""``hotseat play --json`` with the stories' other lessons: turns[].seconds
from ``[+Ns]`` script lines, repeats, promises, delights, and a follow-up
round played ``--after`` the earlier one."""

from __future__ import annotations

import json

from simulator.cli import main

CONTRACT = {"scenario", "seed", "outcome", "score", "grade", "dimensions", "turns", "opening"}


def play(capsys, tmp_path, scenario, lines, *extra):
    script = tmp_path / "script.txt"
    script.write_text("\n".join(lines) + "\n")
    code = main(["play", scenario, "--script", str(script), "--json", *map(str, extra)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_play_json_keeps_its_keys_and_adds_the_new_ones(tmp_path, capsys):
    code, result, err = play(
        capsys,
        tmp_path,
        "chat-not-getting-it",
        ["[+12s] Sorry this is so fiddly. What does the screen show?", "[+95s] Okay."],
    )
    assert code == 0, err
    assert set(result) >= CONTRACT
    assert {"repeats", "promises", "delights"} <= set(result)
    assert [t["seconds"] for t in result["turns"][:2]] == [12.0, 95.0]
    assert not result["turns"][0]["customer"].startswith("hello?? are you still there")
    assert result["turns"][1]["customer"].startswith("hello?? are you still there")
    # the keys are the old ones plus exactly these
    assert set(result) - CONTRACT - {"customer_kind", "judge", "retries"} == {
        "repeats",
        "promises",
        "delights",
    }
    old_turn_keys = set(result["turns"][0]) - {"seconds"}
    assert "seconds" not in old_turn_keys and "late" not in result["turns"][0]


def test_repeats_promises_and_delights_are_listed(tmp_path, capsys):
    code, result, _ = play(
        capsys,
        tmp_path,
        "broken-callback-promise",
        ["What's your case number?", "I'm sorry. Someone will get back to you soon."],
    )
    assert code == 0
    assert result["repeats"] == [{"turn": 1, "fact": "case number"}]
    assert result["promises"] == [
        {
            "turn": 2,
            "text": "Someone will get back to you soon.",
            "concrete": False,
            "kind": "other",
        }
    ]
    code, result, _ = play(
        capsys,
        tmp_path,
        "waiter-four-spills",
        [
            "I'm so sorry, four times is awful. Dinner is on us, and a birthday dessert for your mother."
        ],
    )
    assert result["delights"] == [{"turn": 1, "delight": "birthday_dessert"}]


def test_a_follow_up_round_holds_the_trainee_to_the_earlier_promise(tmp_path, capsys):
    code, first, _ = play(
        capsys,
        tmp_path,
        "broken-callback-promise",
        ["I'm sorry, that's on us. Someone will call you back about a repair date soon."],
    )
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(first))
    code, follow, err = play(
        capsys,
        tmp_path,
        "callback-two-days-later",
        ["I never promised you anything, that wasn't me."],
        "--after",
        earlier,
    )
    assert code == 0, err
    promise = first["promises"][0]["text"]
    assert f'On Friday I was told: "{promise}"' in follow["opening"]
    assert follow["outcome"] == "escalated"  # disowning it, on top of a vague promise

    code, _, err = play(capsys, tmp_path, "tires-never-sold", ["Hi"], "--after", earlier)
    assert code == 2 and "is not the follow-up of 'broken-callback-promise'" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    code, _, err = play(capsys, tmp_path, "callback-two-days-later", ["Hi"], "--after", bad)
    assert code == 2 and err.startswith("hotseat: ") and err.count("\n") == 1


def test_a_tournament_says_whether_time_counts(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    lateness = {}
    for name, extra in (("timed", []), ("untimed", ["--untimed"])):
        assert (
            main(
                [
                    "tournament",
                    "create",
                    name,
                    "--scenarios",
                    "chat-not-getting-it",
                    "--db",
                    db,
                    *extra,
                ]
            )
            == 0
        )
        capsys.readouterr()
        assert main(["tournament", "show", name, "--db", db]) == 0
        shown = capsys.readouterr().out
        assert ("does not count" in shown) == (name == "untimed")
        code, result, err = play(
            capsys,
            tmp_path,
            "chat-not-getting-it",
            ["[+200s] Sorry, what does the screen show?"],
            "--tournament",
            name,
            "--player",
            "ana",
            "--db",
            db,
        )
        assert code == 0, err
        lateness[name] = result["turns"][0]["mood"]
        assert result["turns"][0]["seconds"] == 200.0
    assert lateness["untimed"] - lateness["timed"] == 20
