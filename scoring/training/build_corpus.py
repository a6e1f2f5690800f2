"""Assemble ``scoring/corpus/`` from the writers' and annotators' files.

    python -m scoring.training.build_corpus --work DIR

``DIR`` holds what the corpus was made from (kept outside the repository):
``raw/<WRITER>.jsonl`` (the writers' replies, no labels),
``ann/<chunk>.A.jsonl`` and ``ann/<chunk>.B.jsonl`` (two independent
annotators' labels for every reply) and ``adj/*.jsonl`` (the adjudicator's
labels for the dimensions the two disagreed on). Writes ``train``, ``dev`` and
``test`` JSONL and ``stats.json`` (counts and Cohen's kappa per dimension,
for the data card).

``raw2/`` to ``raw14/`` held the second to fourteenth rounds of writers;
their files are gone, so ``--unpack`` writes the committed corpus back out
as ``raw/``, ``ann/`` and ``adj/`` (with ``dropped.json``, what earlier
rounds dropped), and later rounds go in ``raw15/`` and on.
Writers T19 and T20 wrote from briefs that no training writer used: their
replies are the sealed test. T1 and T2 were the first sealed test (scored
once, for model version 2), T3 and T4 the second, and so on to T17 and T18,
the ninth (scored once, with version 11, which was not shipped); spent,
they joined the training writers. Replies not yet labelled twice are left
out. The other writers' replies
are split 90/10 into train and dev, per writer, with a fixed seed, in an
order that keeps every earlier writer's split as it was. Replies that repeat
another reply, or any text of ``shared/scoring/dev-set.jsonl`` or of the
scorer's tests, are dropped.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from scoring.corpus import CORPUS_DIR
from scoring.types import DIMENSIONS

ROOT = Path(__file__).resolve().parents[2]
TEST_WRITERS = {"T21", "T22"}
#: The order writers draw their dev share in: each round's writers after the
#: earlier ones', so adding writers never moves an earlier reply's split.
FIRST_ROUNDS = ["W1", "W10", "W11", "W12", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9"]
ROUNDS = [
    FIRST_ROUNDS,
    ["T1", "T2"],
    ["W13", "W14", "W15", "W16", "W17", "W18"],
    ["T3", "T4"],
    ["W19", "W20", "W21", "W22"],
    ["T5", "T6"],
    ["T7", "T8"],
    ["W23", "W24"],
    ["T9", "T10"],
    ["W25", "W26", "W27"],
    ["T11", "T12"],
    ["W28", "W29", "W30"],
    ["T13", "T14"],
    ["W31", "W32", "W33"],
    ["T15", "T16"],
    ["W34", "W35", "W36"],
    ["T17", "T18"],
    ["W37", "W38", "W39"],
    ["T19", "T20"],
    ["W40", "W41"],
]
DEV_SHARE = 0.1
SEED = 20261127

#: What each writer was briefed to write (the data card lists these).
BRIEFS = {
    "W1": "retail and e-commerce; counter and email; new hires and over-scripted",
    "W2": "telecom, broadband, utilities; phone and chat; veterans and burnt-out",
    "W3": "airlines, hotels, restaurants, travel; all channels; non-native writers",
    "W4": "banking, insurance, fintech; email and secure chat; compliance-heavy",
    "W5": "public social replies of brand accounts: software, games, delivery, transit",
    "W6": "pharmacies, gyms, schools, garages, home services; terse chat replies",
    "W7": "health insurance, hospital billing, opticians; phone and email; compliance voices",
    "W8": "car dealers, EV charging, roadside help, garages; counter and chat; blame in all forms",
    "W9": "B2B software, hosting, IT helpdesks; tickets and chat; owned steps versus hand-offs",
    "W10": "childcare, libraries, clubs, florists, bakeries; counter and email; empathy in all forms",
    "W11": "public brand replies: airlines, rail, carriers, banks, retail; real-world boilerplate",
    "W12": "contrast sets: one customer message, replies that differ in one behaviour at a time",
    "W13": "plain replies by first-week trainees: tire shops, stores, kiosks, takeaways; 1-3 sentences",
    "W14": "public brand replies on social media and forums: streaming, games, apps, hosting, marketplaces",
    "W15": "where fault lands: trades, salons, storage, laundries, appliances; blame versus owned causes",
    "W16": "rules, systems and authority: permits, admissions, ticketing, loyalty, pensions, carriers",
    "W17": "minimal contrast sets in ten new industries: six replies to one message, one behaviour apart",
    "W18": "who does the next step: payroll, accounting, claims, installs, hotels; owned versus handed off",
    "T1": "first sealed test, spent: letting agents, vets, movers, ticketing, furniture, councils",
    "T2": "first sealed test, spent: car rental, couriers, grocery, coworking, warranties, dentists",
    "T3": "second sealed test, spent: online courses, venues, solar, print shops, bikes, parking, groomers, escape rooms",
    "T4": "second sealed test, spent: appliance repair, photo labs, waste collection, wearables, language schools, marinas",
    "W19": "business and process support: IT helpdesks, payroll, B2B suppliers, claims; blame in process language",
    "W20": "plain everyday replies by untrained staff: shops, buses, reception, bars; mostly 2-15 words",
    "W21": "every reply says why it happened: deflected in unusual forms, or named while owned",
    "W22": "rules, limits and permissions: used as a wall, or explained with what the agent does instead",
    "T5": "third sealed test, spent: leisure and travel away from home: ski resorts, cruises, theme parks",
    "T6": "third sealed test, spent: regulated and skilled trades: pharmacies, vets, opticians, locksmiths",
    "T7": "fourth sealed test, spent: small-business owners answering public reviews and messages",
    "T8": "fourth sealed test, spent: spoken replies transcribed verbatim: receptions, counters, helplines",
    "W23": "whose feelings? agents venting about their own day, own stories, feelings in general, versus this customer's",
    "W24": "a fault and a fix in one reply: a rule or a blame followed by what the agent does instead, causes named while owned",
    "T9": "fifth sealed test, spent: retention and cancellation desks: gyms, subscriptions, contracts",
    "T10": "fifth sealed test, spent: life events and hard moments: bereavement, claims, lost luggage",
    "W25": "community forums and help boards: peers and moderators, own stories and bare advice versus this poster's",
    "W26": "long upset messages: replies that answer only the service problem versus ones that acknowledge the person",
    "W27": "quiet fault: the customer's own action or a third party read out as flat fact, versus the same facts with an owned fix",
    "T11": "sixth sealed test, spent: trade counters and business customers: merchants, tool hire, fleet, suppliers",
    "T12": "sixth sealed test, spent: gig and marketplace platforms, both sides: buyers, riders, drivers, sellers, hosts",
    "W28": "accounts and requirements: facts about a business customer's account used as a wall, or stated while the agent does it for them",
    "W29": "records and evidence read out: to close the matter on the customer, neutrally while fixing it, or to clear the customer",
    "W30": "who does the next step, in few words: hand-offs that sound like action, owned steps, rules mentioned to help",
    "T13": "seventh sealed test, spent: customers who need the service adapted: disability, carers and attorneys, low literacy, no internet",
    "T14": "seventh sealed test, spent: three parties in one problem: retailer, courier and maker; landlord, agent and contractor; bank and merchant",
    "W31": "warm-sounding words that are not acknowledgement (reassurance, agreement, hurry) beside acknowledgement in plain words",
    "W32": "other parties in the story: the fault pushed onto a partner or previous agent, named neutrally while owned, or as plain information",
    "W33": "steps, forms and requirements: a wall, a plain instruction, or help through them; refusals that cite no rule",
    "T15": "eighth sealed test, spent: rural and agricultural customers: farm suppliers, fuel and heating oil, livestock vets, machinery hire, rural broadband",
    "T16": "eighth sealed test, spent: messaging apps and text: WhatsApp, SMS, Messenger, in-app chat, bot-to-human hand-overs",
    "W34": "the reason behind a no: a plain fact, a rule or system, someone else's fault, or the same reasons while the agent sorts it",
    "W35": "agents in a hurry: compressed replies of 2-15 words where a few words carry the whole stance",
    "W36": "records, reports and logs quoted: to blame, as a rule to refuse, to own the company's mistake, or only stated",
    "T17": "ninth sealed test, spent: money trouble: arrears, collections, overdrafts, buy-now-pay-later, fraud victims, payment plans",
    "T18": "ninth sealed test, spent: schools, colleges and students: admissions, nurseries, school transport, exam boards, loans and halls",
    "W37": "fault by insinuation: rhetorical checks, 'most customers manage', suspicion, versus the same questions asked neutrally while owning the fix",
    "W38": "what is possible versus what is allowed: a plain fact or impossibility, a rule or system as the reason, or either while the agent still helps",
    "W39": "second-language and regional English: contact-centre English, dialects and regional idiom, across good and bad service",
    "T19": "tenth sealed test, spent: sport, fitness and the outdoors: leisure centres, pools, golf, bike and kayak hire, campsites, race entries, fishing permits",
    "T20": "tenth sealed test, spent: weddings, parties and milestones: caterers, photographers, dress and suit hire, cake makers, party hire, jewellers, printers",
    "W40": "everyday questions and requests with nothing wrong: prices, hours, bookings, requirements asked for, answered plainly, warmly, curtly or behind a rule",
    "W41": "contact that is not a complaint: thanks, feedback, admin changes, receipts, sales enquiries, follow-ups; small snags owned, blamed or ruled on",
    "T21": "sealed: food and hospitality: restaurants, takeaways, pubs, hotels, bakeries, office catering, meal kits, allergies, table bookings",
    "T22": "sealed: home technology and entertainment: smart home, consoles and games, streaming, printers and ink, repair shops, home broadband",
}


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _forbidden_texts() -> set[str]:
    """Texts the corpus must not contain: the dev set, the check sets and the
    scorer's tests."""
    labelled = sorted((CORPUS_DIR / "checks").glob("*.jsonl"))
    dev = ROOT.parent / "shared" / "scoring" / "dev-set.jsonl"
    if dev.exists():
        labelled.append(dev)
    keys = {_key(r["text"]) for path in labelled for r in _read(path)}
    for test in (ROOT / "tests").rglob("*.py"):
        for m in re.finditer(r'"((?:[^"\\]|\\.){12,})"', test.read_text(encoding="utf-8")):
            keys.add(_key(m.group(1)))
    keys.discard("")
    return keys


def kappa(a: list[int], b: list[int]) -> float:
    n = len(a)
    agree = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if chance == 1 else (agree - chance) / (1 - chance)


def _read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _round_no(folder: str) -> int:
    """``raw`` is round 1, ``raw2`` round 2, ..., ``raw14`` round 14."""
    return int(folder.removeprefix("raw") or 1)


def build(work: Path, out: Path) -> dict:
    # raw, raw2, ..., raw9, raw10 in the order they were written: when a later
    # writer repeats an earlier reply ("Re-sent it."), the earlier copy stays,
    # so adding a round never moves an earlier reply's split.
    files = sorted(work.glob("raw*/*.jsonl"), key=lambda f: (_round_no(f.parent.name), f.name))
    raw = {r["id"]: r for f in files for r in _read(f)}
    ann_a: dict[str, dict] = {}
    ann_b: dict[str, dict] = {}
    passes = [(f, ann_a) for f in sorted((work / "ann").glob("*.A.jsonl"))]
    passes += [(f, ann_b) for f in sorted((work / "ann").glob("*.B.jsonl"))]
    for f, target in passes:
        for r in _read(f):
            target[r["id"]] = {d: int(r["labels"][d]) for d in DIMENSIONS}
    adjudicated: dict[str, dict] = {}
    for f in sorted((work / "adj").glob("*.jsonl")):
        for r in _read(f):
            adjudicated[r["id"]] = {d: int(v) for d, v in r["labels"].items()}

    forbidden = _forbidden_texts()
    seen: set[str] = set()
    # What earlier rounds dropped, carried over by --unpack (their raw files are gone)
    earlier = work / "dropped.json"
    dropped = Counter(json.loads(earlier.read_text(encoding="utf-8")) if earlier.exists() else {})
    rows: list[dict] = []
    for rid, r in raw.items():
        if rid not in ann_a or rid not in ann_b:
            dropped["not labelled twice"] += 1
            continue
        key = _key(r["text"])
        if not key:
            dropped["empty"] += 1
            continue
        if key in forbidden:
            dropped["text of the dev set or the tests"] += 1
            continue
        if (key, _key(r.get("customer", ""))) in seen:
            dropped["duplicate"] += 1
            continue
        seen.add((key, _key(r.get("customer", ""))))
        a, b = ann_a[rid], ann_b[rid]
        disputed = [d for d in DIMENSIONS if a[d] != b[d]]
        labels = dict(a)
        if disputed:
            decided = adjudicated.get(rid, {})
            if any(d not in decided for d in disputed):
                dropped["disagreement not adjudicated"] += 1
                continue
            labels.update({d: decided[d] for d in disputed})
        writer = rid.split("-")[0]
        rows.append(
            {
                "id": rid,
                "customer": r.get("customer", ""),
                "text": r["text"],
                "labels": labels,
                "genre": r.get("genre") or r.get("channel", ""),
                "source": f"writer {writer}: {BRIEFS.get(writer, '')}",
                "split": "",
                "industry": r.get("industry", ""),
                "persona": r.get("persona", ""),
                "annotations": {"a": a, "b": b},
                "adjudicated": disputed,
            }
        )

    by_writer = defaultdict(list)
    for row in rows:
        by_writer[row["id"].split("-")[0]].append(row)
    rng = random.Random(SEED)
    placed = [w for round_ in ROUNDS for w in round_]
    order = placed + sorted(w for w in by_writer if w not in placed)
    for writer in order:
        group = by_writer.get(writer, [])
        if writer in TEST_WRITERS:
            for row in group:
                row["split"] = "test"
            continue
        group = sorted(group, key=lambda r: r["id"])
        rng.shuffle(group)
        n_dev = round(len(group) * DEV_SHARE)
        for k, row in enumerate(group):
            row["split"] = "dev" if k < n_dev else "train"

    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        part = sorted((r for r in rows if r["split"] == split), key=lambda r: r["id"])
        _write(out / f"{split}.jsonl", part)

    stats = {
        "rows": len(rows),
        "splits": dict(Counter(r["split"] for r in rows)),
        "dropped": dict(dropped),
        "with_customer": sum(bool(r["customer"]) for r in rows),
        "genres": dict(Counter(r["genre"] for r in rows).most_common()),
        "industries": len({r["industry"] for r in rows}),
        "personas": dict(Counter(r["persona"] for r in rows).most_common()),
        "writers": {w: len(g) for w, g in sorted(by_writer.items())},
        "positives": {
            split: {d: sum(r["labels"][d] for r in rows if r["split"] == split) for d in DIMENSIONS}
            for split in ("train", "dev", "test")
        },
        "kappa": {
            d: round(
                kappa(
                    [r["annotations"]["a"][d] for r in rows],
                    [r["annotations"]["b"][d] for r in rows],
                ),
                3,
            )
            for d in DIMENSIONS
        },
        "raw_agreement": {
            d: round(
                sum(r["annotations"]["a"][d] == r["annotations"]["b"][d] for r in rows) / len(rows),
                3,
            )
            for d in DIMENSIONS
        },
        "adjudicated_rows": sum(bool(r["adjudicated"]) for r in rows),
        "words": {
            "min": min(len(r["text"].split()) for r in rows),
            "max": max(len(r["text"].split()) for r in rows),
        },
    }
    (out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def unpack(corpus: Path, work: Path) -> int:
    """Write the committed corpus back out as a round of raw replies, both
    annotators' labels and the adjudications (``raw/``, ``ann/corpus.A|B``,
    ``adj/corpus``), so that a new round can be added in ``raw15/`` and later
    without the earlier rounds' working files. Building from the unpacked
    folder gives the committed files back unchanged: every writer keeps its
    rows, so the seeded per-writer split draws the same."""
    rows = [r for split in ("train", "dev", "test") for r in _read(corpus / f"{split}.jsonl")]
    for sub in ("raw", "ann", "adj"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    by_writer: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_writer[r["id"].split("-")[0]].append(r)

    for writer, group in by_writer.items():
        keep = ("id", "customer", "text", "genre", "industry", "persona")
        _write(work / "raw" / f"{writer}.jsonl", [{k: r[k] for k in keep} for r in group])
    for side, suffix in (("a", "A"), ("b", "B")):
        _write(
            work / "ann" / f"corpus.{suffix}.jsonl",
            [{"id": r["id"], "labels": r["annotations"][side]} for r in rows],
        )
    _write(
        work / "adj" / "corpus.jsonl",
        [
            {"id": r["id"], "labels": {d: r["labels"][d] for d in r["adjudicated"]}}
            for r in rows
            if r["adjudicated"]
        ],
    )
    stats = json.loads((corpus / "stats.json").read_text(encoding="utf-8"))
    dropped = {k: v for k, v in stats.get("dropped", {}).items() if k != "not labelled twice"}
    (work / "dropped.json").write_text(json.dumps(dropped) + "\n", encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--work", required=True, help="folder with raw/, ann/ and adj/")
    p.add_argument("--out", default=str(CORPUS_DIR))
    p.add_argument(
        "--unpack",
        action="store_true",
        help="write the corpus in --out back out into --work (raw/, ann/, adj/) and stop",
    )
    args = p.parse_args(argv)
    if args.unpack:
        n = unpack(Path(args.out), Path(args.work))
        print(f"unpacked {n} replies into {args.work}")
        return
    print(json.dumps(build(Path(args.work), Path(args.out)), indent=2))


if __name__ == "__main__":
    main()
