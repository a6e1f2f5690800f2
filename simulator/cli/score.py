"""``hotseat score``: score replies from the command line.

Three modes (an outside contract: keep the formats exactly):

- ``hotseat score "TEXT" [--customer TEXT]`` prints the four values, the
  reply with its evidence highlighted (colour on a terminal, ``[[dim: ...]]``
  otherwise) and the tips.
- ``hotseat score --jsonl FILE|-`` reads one JSON object a line (``id``,
  ``text``, optional ``customer`` and ``scenario``: the story's own scoring
  phrases apply as in play) and writes one result line per input line, in
  order, flushed as it goes. A bad line gives
  ``{"id": ..., "error": "..."}`` and the rest go on; exit 1 if any failed.
- ``hotseat score --eval FILE`` prints precision, recall and F1 per dimension
  and the macro-F1 on a labelled file.
- ``hotseat score "TEXT" --explain [--json]`` shows how the learned judge
  reached its verdict: each dimension's probability and threshold, the
  score of every sentence and clause, and which rules fired (and whether
  they may overrule the model).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from scoring.judges import DEFAULT_JUDGE, JUDGES
from simulator.errors import UsageError

if TYPE_CHECKING:
    from simulator.cue_match import CueMatcher
    from simulator.loader import Library

MAX_TEXT_CHARS = 10_000
#: A JSONL line longer than this is refused without being held in memory.
MAX_LINE_BYTES = 1024 * 1024
COLOURS = {
    "empathy": "bold green",
    "ownership": "bold cyan",
    "blame": "bold red",
    "policy_hiding": "bold magenta",
}


def register(sub) -> None:
    p = sub.add_parser(
        "score",
        help="score a reply (or a JSONL file of replies) on the four dimensions",
        description="Score TEXT, or every line of a JSONL file (--jsonl), or measure the "
        "scorer on a labelled file (--eval).",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="the reply to score")
    p.add_argument("--customer", metavar="TEXT", help="the customer's last message (context)")
    p.add_argument("--jsonl", metavar="FILE", help="score one JSON object a line ('-' for stdin)")
    p.add_argument("--eval", metavar="FILE", help="precision/recall/F1 on a labelled file")
    p.add_argument(
        "--judge",
        choices=JUDGES,
        default=DEFAULT_JUDGE,
        help="model: the learned judge (default); rules: the rule scorer; llm: an LLM",
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help="with TEXT: probabilities, every sentence's scores and the rules that fired",
    )
    p.add_argument("--json", action="store_true", help="with --explain: print it as JSON")
    p.add_argument("--model", metavar="NAME", help="LLM judge model (else $HOTSEAT_MODEL)")
    p.add_argument("--base-url", metavar="URL", help="LLM judge server (else $OPENAI_BASE_URL)")
    p.add_argument("--timeout", metavar="S", type=float, help="seconds to wait for the LLM (20)")
    p.add_argument("--retries", metavar="N", type=int, help="retries after an LLM error (1)")
    p.set_defaults(func=run)


def make_scorer(args):
    if args.judge == "llm":
        from scoring.llm_judge import llm_judge

        return llm_judge(args.model, args.base_url, args.timeout, args.retries)
    from scoring.judges import offline_scorer

    return offline_scorer(args.judge)


def run(args) -> int:
    modes = [m for m in (args.text is not None, args.jsonl, args.eval) if m]
    if len(modes) != 1:
        raise UsageError("give one of: TEXT, --jsonl FILE or --eval FILE")
    if args.customer is not None and args.text is None:
        raise UsageError("--customer goes with TEXT; in --jsonl give each line a 'customer'")
    if args.explain and (args.text is None or args.judge != "model"):
        raise UsageError("--explain goes with TEXT and the model judge (the default)")
    if args.json and not args.explain:
        raise UsageError("--json goes with --explain (--jsonl already prints JSON)")
    scorer = make_scorer(args)
    try:
        if args.jsonl:
            return score_jsonl(args.jsonl, scorer)
        if args.eval:
            return run_eval(args.eval, scorer)
        if args.explain:
            return explain_text(args.text, args.customer, scorer, as_json=args.json)
        return score_text(args.text, args.customer, scorer)
    finally:
        close = getattr(scorer, "close", None)
        if close:
            close()


# ---------------------------------------------------------------------- TEXT


def score_text(text: str, customer: str | None, scorer) -> int:
    _check_text(text)
    result = scorer.score(text, customer=customer)
    if sys.stdout.isatty():
        print_rich(text, result)
    else:
        print(format_plain(text, result))
    return 0


def explain_text(text: str, customer: str | None, scorer, *, as_json: bool) -> int:
    _check_text(text)
    explanation = scorer.explain(text, customer=customer)
    if as_json:
        print(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_explanation(explanation))
    return 0


def format_explanation(ex) -> str:
    """The --explain report as plain text (no markup: the reply is never styled)."""
    from scoring.types import DIMENSIONS

    short = {"empathy": "emp", "ownership": "own", "blame": "blame", "policy_hiding": "policy"}
    lines = [f"{'dimension':<14} {'prob':>5} {'thresh':>6} {'value':>5}"]
    for dim in DIMENSIONS:
        flag = "  present" if ex.verdict.present(dim) else ""
        lines.append(
            f"{dim:<14} {ex.probabilities[dim]:>5.2f} {ex.thresholds[dim]:>6.2f} "
            f"{ex.verdict.value(dim):>5.2f}{flag}"
        )
    lines += ["", "sentences and clauses (model probability per dimension):"]
    header = "  " + " ".join(f"{short[d]:>6}" for d in DIMENSIONS) + "  text"
    lines.append(header)
    for seg in ex.segments:
        probs = " ".join(f"{seg.probabilities[d]:>6.2f}" for d in DIMENSIONS)
        lines.append(f"  {probs}  {json.dumps(seg.text, ensure_ascii=False)}")
    lines += ["", "rules that fired:"]
    if not ex.rules:
        lines.append("  (none)")
    for r in ex.rules:
        may = "  overrules the model" if r.overrules else ""
        lines.append(
            f"  {r.dimension:<14} {r.rule:<28} {json.dumps(r.text, ensure_ascii=False)}{may}"
        )
    lines += _tail(ex.verdict)
    return "\n".join(lines)


def _check_text(text: str) -> None:
    if not text.strip():
        raise UsageError("nothing to score: the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise UsageError(f"the text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")


def format_plain(text: str, result) -> str:
    from scoring.types import DIMENSIONS

    lines = []
    for dim in DIMENSIONS:
        flag = "  present" if result.present(dim) else ""
        lines.append(f"{dim:<14} {result.value(dim):.2f}{flag}")
    lines += ["", "reply: " + bracketed(text, result.evidence)]
    lines += _tail(result)
    return "\n".join(lines)


def bracketed(text: str, evidence) -> str:
    """The reply with each evidence span as ``[[dimension: text]]``; a span
    overlapping an earlier one is listed under evidence only."""
    out, at = [], 0
    for ev in sorted(evidence, key=lambda e: (e.start, -e.end)):
        if ev.start < at:
            continue
        out += [text[at : ev.start], f"[[{ev.dimension}: {text[ev.start : ev.end]}]]"]
        at = ev.end
    out.append(text[at:])
    return "".join(out)


def _tail(result) -> list[str]:
    lines = []
    if result.evidence:
        lines += ["", "evidence:"]
        lines += [
            f"  {e.dimension:<14} {e.start}-{e.end}  {json.dumps(e.text, ensure_ascii=False)}"
            for e in result.evidence
        ]
    tips = result.all_tips()
    if tips:
        lines += ["", "tips:"] + [f"  - {t}" for t in tips]
    lines += ["", f"judge: {result.judge}"]
    if result.note:
        lines.append(f"note: {result.note}")
    return lines


def print_rich(text: str, result) -> None:
    from rich.console import Console
    from rich.text import Text

    from scoring.types import DIMENSIONS, NEGATIVE

    console = Console(highlight=False)
    for dim in DIMENSIONS:
        value = result.value(dim)
        bad = (dim in NEGATIVE) == result.present(dim)
        line = Text(f"{dim:<14} ")
        line.append(f"{value:.2f}", style="red" if bad else "green")
        if result.present(dim):
            line.append("  present")
        console.print(line)
    # Text objects, never markup strings: the reply cannot inject styles.
    shown = Text("\nreply: ")
    reply = Text(text)
    for ev in result.evidence:
        reply.stylize(f"{COLOURS.get(ev.dimension, 'bold')} underline", ev.start, ev.end)
    shown.append_text(reply)
    console.print(shown)
    console.print(Text("\n".join(_tail(result))))


# ---------------------------------------------------------------------- JSONL


def score_jsonl(name: str, scorer) -> int:
    source = _open_input(name)
    failed = False
    lookup = ScenarioCues()
    try:
        for raw in _lines(source):
            if raw is None:
                out = {"id": None, "error": f"line over {MAX_LINE_BYTES // 1024} KiB"}
            else:
                if not raw.strip():
                    continue
                out = score_line(raw, scorer, lookup)
            failed = failed or "error" in out
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    return 1 if failed else 0


def _open_input(name: str):
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")  # closed in score_jsonl
    except FileNotFoundError:
        raise UsageError(f"cannot read '{name}': no such file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot read '{name}': it is a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot read '{name}': {exc.strerror or exc}") from None


def _lines(source):
    """Each line as bytes, or None for a line too long to hold (skipped)."""
    while True:
        line = source.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                more = source.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


class ScenarioCues:
    """A reply's scoring cues in a scenario, as the game gives them
    (:func:`simulator.engine.story_cues`), loading the library once."""

    def __init__(self) -> None:
        self._library: Library | None = None
        self._matchers: dict[str, CueMatcher] = {}

    def get(self, scenario_id: str, text: str):
        from simulator.engine import story_cues

        if scenario_id not in self._matchers:
            if self._library is None:
                from simulator.loader import load_library

                self._library = load_library()
            found = self._library.get(scenario_id)
            if found is None:
                raise KeyError(scenario_id)
            from simulator.cue_match import CueMatcher

            self._matchers[scenario_id] = CueMatcher(found.scenario)
        matcher = self._matchers[scenario_id]
        return story_cues(matcher.scenario, matcher.matches(text))


def score_line(raw: bytes, scorer, lookup: ScenarioCues) -> dict:
    """The output object for one input line."""
    try:
        line = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return {"id": None, "error": "line is not UTF-8 text"}
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return {"id": None, "error": "not valid JSON"}
    if not isinstance(obj, dict):
        return {"id": None, "error": "not a JSON object"}
    rid = obj.get("id")
    text = obj.get("text")
    if text is None:
        return {"id": rid, "error": "no 'text'"}
    if not isinstance(text, str):
        return {"id": rid, "error": "'text' is not a string"}
    if len(text) > MAX_TEXT_CHARS:
        return {"id": rid, "error": f"'text' is over {MAX_TEXT_CHARS:,} characters"}
    customer = obj.get("customer")
    if customer is not None and not isinstance(customer, str):
        return {"id": rid, "error": "'customer' is not a string"}
    cues = None
    scenario = obj.get("scenario")
    if scenario is not None:
        if not isinstance(scenario, str):
            return {"id": rid, "error": "'scenario' is not a string"}
        try:
            cues = lookup.get(scenario, text)
        except KeyError:
            return {"id": rid, "error": f"unknown scenario '{scenario}'"}
    result = scorer.score(text, customer=customer, cues=cues)
    out = {
        "id": rid,
        "scores": result.values(),
        "evidence": [e.to_dict() for e in result.evidence],
        "tips": result.all_tips(),
    }
    if result.note:
        out["note"] = result.note
    return out


# ---------------------------------------------------------------------- eval


def run_eval(name: str, scorer) -> int:
    from scoring.evaluate import evaluate

    try:
        report = evaluate(name, scorer)
    except FileNotFoundError:
        raise UsageError(f"cannot read '{name}': no such file") from None
    except IsADirectoryError:
        raise UsageError(f"cannot read '{name}': it is a folder") from None
    except UnicodeDecodeError:
        raise UsageError(f"cannot read '{name}': not UTF-8 text") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except (AttributeError, TypeError, KeyError):
        raise UsageError(f"'{name}' is not a labelled file (see RUBRIC.md)") from None
    print(report.format_report())
    return 0
