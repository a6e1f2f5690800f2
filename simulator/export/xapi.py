"""xAPI 1.0.3 statements for a tournament's counted rounds, for learning-record
stores: one statement per round, the player as an account actor, the scenario
as the activity, the tournament as the grouping context."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from scoring.types import DIMENSIONS

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
}
ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/simulation"
#: Placeholder home page for accounts; set --home-page to your organisation's.
DEFAULT_HOME = "https://hotseat.invalid"
_NS = uuid.UUID("5b0c1e4e-7a43-4f5e-9a1c-6f1f0c2d9e11")


def _iri(home: str, *parts: str) -> str:
    return "/".join([home.rstrip("/"), *(quote(p, safe="") for p in parts)])


def statement(rnd: dict[str, Any], tour: dict[str, Any], home: str = DEFAULT_HOME) -> dict:
    finished = rnd["outcome"] not in (None, "unfinished")
    verb = "completed" if finished else "attempted"
    titles = {s["id"]: s["title"] for s in tour["scenarios"]}
    result: dict[str, Any] = {
        "score": {
            "scaled": round(rnd["score"] / 100, 4),
            "raw": rnd["score"],
            "min": 0,
            "max": 100,
        },
        "success": rnd["outcome"] == "resolved",
        "completion": finished,
        "extensions": {_iri(home, "xapi", "dimensions", d): round(rnd[d], 3) for d in DIMENSIONS},
    }
    context: dict[str, Any] = {
        "contextActivities": {
            "grouping": [
                {
                    "objectType": "Activity",
                    "id": _iri(home, "tournaments", tour["name"]),
                    "definition": {"name": {"en-US": tour["name"]}},
                }
            ]
        },
        "extensions": {
            _iri(home, "xapi", "outcome"): rnd["outcome"],
            _iri(home, "xapi", "seed"): rnd["seed"],
        },
    }
    if rnd.get("team"):
        context["team"] = {
            "objectType": "Group",
            "name": rnd["team"],
            "account": {"homePage": home, "name": f"team:{rnd['team']}"},
        }
    return {
        # The same round always gives the same statement id: re-sending is idempotent.
        "id": str(uuid.uuid5(_NS, rnd["id"])),
        "actor": {
            "objectType": "Agent",
            "name": rnd["player"],
            "account": {"homePage": home, "name": rnd["player"]},
        },
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": _iri(home, "scenarios", rnd["scenario_id"]),
            "definition": {
                "name": {"en-US": titles.get(rnd["scenario_id"], rnd["scenario_id"])},
                "type": ACTIVITY_TYPE,
            },
        },
        "result": result,
        "context": context,
        "timestamp": rnd["finished_at"] or rnd["started_at"],
        "version": "1.0.3",
    }


def statements(rounds: list[dict], tour: dict, home: str = DEFAULT_HOME) -> list[dict]:
    return [statement(r, tour, home) for r in rounds]
