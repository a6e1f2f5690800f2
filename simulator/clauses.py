"""What a clause of a reply does with an act: the kinds example cues compare by.

A sentence encoder reads "I'll call you" and "I can't call you" as near
twins, and "did you get a receipt?" as close to "I'll need the receipt". So
before any example is compared, each clause of the reply (and each example)
is sorted by what it does with its act:

- :data:`DOES`: does or offers it ("I'll call you", "shall I call you?",
  "would you prefer it on your card or as credit?");
- :data:`REFUSES`: negated ("I'm not able to phone you from here");
- :data:`CONDITIONAL`: counterfactual, hedged, or behind a condition the
  customer must meet first, or how things usually go ("if you'd kept the
  receipt, I could...", "refunds normally take 3-5 days", "a
  manager might...", "once you send it back, we'll...");
- :data:`ASKS`: a question to the customer ("did you keep the receipt?");
- :data:`APOLOGISES`: an apology or sympathy and nothing more ("I'm sorry
  about the double charge", "I understand how frustrating that is");
- :data:`TAKEN_BACK`: said and taken back ("I'll refund th- wait, we don't
  sell tires", "I was going to send it express, but...").
- :data:`REPORTS`: what was said before, reported ("I told you someone would
  ring you", "you were promised a refund").

A clause is compared only with examples of its own kind (``simulator.cue_match``).
Plain regular expressions over English, so they are fast and the same text
always gets the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.segments import SENTENCE_END, cut

#: Clause breaks: a comma or dash, a colon, or a joining word after a comma.
_CLAUSE_BREAK = re.compile(
    r",\s*|\s+[—–-]\s+|:\s+|\s+(?=(?:but|though|although|however|whereas|instead)\b)"
    r"|\s+(?=(?:and|so|then|or)\s+(?:i|we|you|u|i'?ll|we'?ll|you'?ll|let)\b)",
    re.IGNORECASE,
)
#: Trimmed from a unit's ends: segments' edge characters and the full stop.
_EDGE = " \t\n,;:—–-\"'()."

#: Phrases with a "no"/"not" in them that do not turn an act down.
_NOT_NEGATING = re.compile(
    r"\b(no|not an?) (problem|worries|trouble|bother|issue)s?\b|\bdon'?t worry\b"
    r"|\bno (charge|cost|fee|extra|need)\b|\bnot (only|just)\b|\bnothing to (pay|send|return)\b"
    r"|\bno questions asked\b|\bwhy not\b|\bno later than\b|\bif not\b|\bnot at all\b"
    r"|\bno rush\b|\b(if you )?don['’]?t mind\b"
    # an offer put as a question: "why don't I just send a new one?"
    r"|\bwhy don['’]?t (i|we)\b"
    # a purpose that keeps something off the customer: "so you're not left chasing",
    # "so you don't have to wait"
    r"|\bso (that )?(you|u|they)(['’]re| are)? not (left|stuck|kept|waiting)\b"
    r"|\bso (that )?(you|u|they|it) (don|won|doesn)['’]?t (have|need) to\b"
    # a relative clause's "not" says what a thing is, not that the act is refused
    # ("a model that doesn't get stuck")
    r"|(?<!afraid )(?<!sure )(?<!think )(?<!know )(?<!say )(?<!said )(?<!but )(?<!so )"
    r"\b(that|which|who) (doesn|don|won|isn|aren|can)['’]?t\b[^,.;!?]*",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(not|no|never|nothing|nobody|none|neither|nor|unable|impossible|cannot)\b"
    r"|n['’]t\b|\b(cant|wont|dont|doesnt|didnt|isnt|arent|wasnt|couldnt|wouldnt|shouldnt)\b",
    re.IGNORECASE,
)
_COUNTERFACTUAL = re.compile(
    r"\bif\b[^.?!]{0,60}?\b(had|were|'d|’d|would have)\b(?! (like|prefer|rather|want)\b)"
    r"|\bhad (you|u|we|they)\b"
    r"|\b(i|we)(['’]d| would)\b[^.?!]{0,60}\bbut\b"
    r"|\bif (you|u) (can|could) (show|bring|find|send|provide|get|give|dig|prove|return)\b"
    r"|\b(i|we) wish (i|we) could\b|\bif (i|we) (could|were able to)\W*$"
    r"|['’]d have (loved|liked|wanted|preferred|been (able|happy|glad))\b"
    r"|\b(would|could|should|might)(n['’]?t)? (have|'ve)\b|\bif only\b|\bunless\b"
    r"|(?<!from )(?<!since )\b(once|as soon as|after|when|until) (you|u)\b"
    r"(?! (are|'re|’re|get home|get back))"
    # the act held until the customer's item or payment reaches us: "once we
    # receive the original, I'll ship the replacement"
    r"|\b(once|as soon as|after|when|until) (we|the (warehouse|depot|store|team|lab))"
    r" (receive|get|have|'ve got|’ve got) (it|them|the|your)\b"
    r"|\bonly if\b",
    re.IGNORECASE,
)
#: A price put on the act: it is done only if the customer buys, signs up
#: or upgrades ("I'll refund it if you sign up for our store card", "I can
#: waive the fee if you renew for 12 months"). That is a sale, not the act,
#: and it holds its whole sentence (:func:`_held`).
_BOUGHT = re.compile(
    r"\bif (you|u) (\w+ ){0,2}?(sign(s|ing)? up|renew|buy|purchase|order|upgrade|subscribe"
    r"|open (a|an|our|the)|take out|set up (auto|a direct|direct)|commit|agree to|add (a|an|another)"
    r"|switch to|join|leave (us )?(a|an) [\w-]* ?review|trade (it )?in"
    r"|cover the (cost|difference|fee|charge)|move (up )?to|trade up)\b"
    # "if you pay the difference": not "if you could just pay the $12", which asks
    r"|\bif (you|u) (pay|settle)\b",
    re.IGNORECASE,
)
#: The act sold as a paid service ("setup help is part of our Premium Support",
#: "our paid same-day repair is $120"): the clause sells it, the sentence's
#: other clauses may still do their acts.
_PAID = re.compile(
    r"\b(part of|included (in|with)|comes with) (our|the) [\w-]+( [\w-]+)?"
    r" (service|plan|package|support|membership|subscription|cover|bundle)\b|\bour paid\b",
    re.IGNORECASE,
)
#: A condition that opens a clause and holds the clauses after it: the agent
#: must first find something whose outcome is open ("If I can find the sale,
#: I'll refund it"), while the search itself is still offered.
_HOLDS_WHAT_FOLLOWS = re.compile(
    r"(and |but |so |or )?(if (i|we) (\w+ )?(find|locate|trace|track|spot|can['’]?t|cannot"
    r"|don['’]?t)\b|if (it|the sale|the purchase) (shows|comes up|turns up"
    r"|is (there|on (the|our) system)))",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(might|may) be able\b|\bmight\b|\bnot sure\b|\bsee (if|whether)\b"
    r"|\bcheck (if|whether)\b|\bask (my |a )?(manager|supervisor|team lead)\b"
    r"|\b(think|thinking) about\b|\b(maybe|perhaps|possibly)\b(?! (i|we) (can|could|should)\b)"
    r"|\bonly (a|an|the|our|my) [\w-]+( [\w-]+)? (can|could|is able to)\b|\bsomething only\b"
    r"|\b(would|will) need to (review|approve|check|look at|sign off)\b|\bdecision for\b"
    r"|\bsee about\b|\blook (at|into) \w+ing\b|\bwhether\b|\bfor approval\b"
    r"|\bonly [\w-]+( [\w-]+)? (that|who) (can|could)\b"
    r"|\bdecide\b|\bif (it'?s|that'?s) possible\b"
    # how things usually go is not this act: "refunds normally take 3-5 days"
    r"|\b(usually|normally|typically|generally|ordinarily)\b"
    # an offer taken back as it is made: "I can refund it - I think, let me check"
    r"|[,—–-]\s*(well,? |hmm,? |actually,? )?i think\b|\bi think\?|\bbefore i promise\b"
    r"|\bnot (100 ?%|a hundred percent|totally|entirely|completely|really) sure\b"
    r"|\b(check|ask|clear it) with [^.?!]{0,30}\bfirst\b|\b(i|we) (have|need) to check\b"
    # held until someone else acts: "once accounts clears the hold", "the moment it's scanned"
    r"|\b(once|until|unless|the moment) [^.?!]{0,40}?\b(clears?|cleared|approves?|approved"
    r"|confirms?|confirmed|(is|are|'s|gets?) scanned|signs? (it )?off)\b"
    r"|\b(pending|awaiting) (approval|sign[- ]off|review|authori[sz]ation|a decision)\b"
    r"|\bonce (the|our) (investigation|review|assessment)('s| is| has been) (complete|done|finished)\b",
    re.IGNORECASE,
)

#: An act taken back as it is said: "I'll refund th- wait, we don't sell tires",
#: "I'll get someone to call you - no, wait, forget the call back", "scratch
#: that". What comes before the marker is not done; a sentence that opens with
#: "forget that" or "ignore that last bit" takes back the sentence before it.
_PAUSES = re.compile(
    # a pause after a break in the sentence: "I'll refund th- wait", "money back - no, wait"
    r"(?:(?<=[,.;—–-] )|(?<=[,.;—–-]))(?:(?:no|oh|actually|well|um|erm)[,.]?\s+)*"
    r"(?:wait|hang on|hold on)(?=\s*(?:[,.!;—–-]|$))",
    re.IGNORECASE,
)
_FORGETS = re.compile(
    r"\b(?:scratch that|on second thought|no,? sorry,? i mean)\b"
    r"|\b(?:forget|ignore) (?:(?:that|this)(?=\s*(?:[,.;!—–-]|$))|what i (?:just )?said"
    r"|(?:that|the) last (?:bit|line|part)|that (?:line|bit|part))\b",
    re.IGNORECASE,
)
#: What may stand before a marker that takes back the sentence before it
#: ("Actually, forget that line", "Hang on, ignore that last bit").
_ONLY_FILLER = re.compile(
    r"[\W_]*((no|oh|actually|well|um|erm|sorry|hang on|hold on|wait)\b[\W_]*)*$", re.IGNORECASE
)


def negated(text: str) -> bool:
    """Whether a clause turns its act down: negated, counterfactual, hedged,
    behind a condition the customer must meet first, or taken back."""
    return mode(text) in (REFUSES, CONDITIONAL, TAKEN_BACK)


#: What a clause does with an act: does or offers it, refuses it, holds it
#: behind a condition (or a "might"), asks the customer something, or only
#: apologises or sympathises ("I'm sorry about the double charge" names the
#: charge and refunds nothing).
DOES, REFUSES, CONDITIONAL, ASKS, APOLOGISES = 0, 1, 2, 3, 4
#: A clause whose act is taken back as it is said ("I'll refund th- wait, we
#: don't sell tires", "I was going to refund it, but..."). It matches no
#: example: a cue's examples do their act, refuse it or hold it, never take it back.
TAKEN_BACK = 5
#: A clause that reports what was said before ("I told you someone would ring
#: you early next week", "when I said 'on us' I meant the shipping", "I know I
#: asked for proof of purchase before"): the act it names was offered then, not
#: now. It matches only examples that report too ("we said we'd call and didn't").
REPORTS = 6
MODE_WORDS = {
    DOES: "does the act",
    REFUSES: "is negated",
    CONDITIONAL: "is conditional or hedged",
    ASKS: "asks the customer a question",
    APOLOGISES: "only apologises or sympathises",
    TAKEN_BACK: "is taken back",
    REPORTS: "reports what was said before",
}
#: A clause that is an apology and nothing more: "I'm so sorry about the
#: double charge", "sorry for the wait", "my apologies". An apology with an
#: act after it ("sorry, I'll refund it") is two clauses, or no match.
_APOLOGY = re.compile(
    r"^\W*(?:(?:oh|ah|ok(?:ay)?|look|well|right|again)[,\s]+)?"
    r"(?:(?:i|we)(?:['’]m|['’]re| am| are)?\s+)?(?:(?:so|really|very|truly|terribly|deeply"
    r"|awfully|genuinely)\s+)*(?:sorry|apologi[sz]e|my apologies|apologies)\b"
    r"(?:\s+(?:about|for|to hear about|again)\b[^,;:!?]*)?\W*$",
    re.IGNORECASE,
)
#: Words that acknowledge a feeling (not "awful" or "a nightmare", which
#: describe a third party as often as a feeling); a clause with one and no act of the
#: speaker's ("I understand how frustrating the double charge is", "that
#: must be so annoying") sympathises and does nothing else.
_FEELING = re.compile(
    r"\b(understand|hear you|imagine|frustrat\w*|annoy\w*|upset\w*|infuriat\w*|stressful"
    r"|maddening|disappoint\w*|exhausting|fed up)\b",
    re.IGNORECASE,
)
#: The speaker doing or offering something.
_ACT = re.compile(
    r"\b(i|we)(['’]ll|['’]ve|['’]d| will| have| can| could| shall| would)\b|\blet me\b|\blet['’]?s\b"
    r"|\b(i|we)(['’]m|['’]re| am| are) (going to|gonna|\w+ing)\b"
    r"|\b(i|we) (just |already )?(\w+ed|sent|put|made|got|took|gave|rang)\b",
    re.IGNORECASE,
)


def _only_acknowledges(t: str) -> bool:
    """An apology, or a feeling acknowledged with no act of the speaker's."""
    if _APOLOGY.match(t):
        return True
    return bool(_FEELING.search(t)) and not _ACT.search(t) and not t.endswith("?")


def _held(t: str) -> bool:
    """Counterfactual, hedged, or behind a condition."""
    return bool(_COUNTERFACTUAL.search(t) or _HEDGE.search(t) or _BOUGHT.search(t))


_OFFER_QUESTION = re.compile(
    r"^(ok(ay)?|so|right|and|well|alright)?[\s,]*("
    r"(shall|should|can|could|may) (i|we)\b|(do you )?want me to\b|would you like (me|us) to\b"
    r"|how about (i|we)\b|would it help if (i|we)\b|why don['’]?t (i|we)\b|what if (i|we)\b"
    r"|(is it|would it be) (ok|okay|alright|all right|easier|better) if (i|we)\b|let me\b"
    r"|(i|we)( (can|could|will)|['’]ll)\b|would you (like|prefer|rather)\b|do you want\b"
    r"|want (me|us|a|an|the)\b)",
    re.IGNORECASE,
)
_INTERROGATIVE = re.compile(
    r"(do|does|did|is|are|was|were|can|could|would|will|shall|should|may|have|has|which"
    # "what I can do for you is..." is the rubric's own offer, not a question
    r"|what(?! (i|we) (can|could|will|would)\b)(?! (i|we)['’]ll\b)"
    r"|when|where|who|whom|whose|how|why|want|any)\b",
    re.IGNORECASE,
)
_THEN = re.compile(r"^(and )?then\b", re.IGNORECASE)
#: A clause joined on with "and" (not "but": "I'd refund it, but only if you
#: kept the receipt" holds the refund).
_JOINED = re.compile(r"(and|plus)\b", re.IGNORECASE)
#: An act the speaker meant to do and then did not ("I was going to refund it,
#: but..."); it holds its own clause, not the sentence's other clauses.
_MEANT_TO = re.compile(r"\b(i|we) (was|were) (going|gonna|about) to\b", re.IGNORECASE)
#: What was said before, reported: "I told you...", "I said we'd...", "the price I
#: mentioned", "I asked for the receipt before". Not "as I said, ..." or "like I
#: mentioned, ..." (said again, so said now), nor "I told the kitchen to..." or
#: "I asked billing to..." (an act done through a colleague).
_REPORTED = re.compile(
    r"(?<!\bas )(?<!\blike )"
    r"\b(i|we|someone|somebody|they|he|she|(my|a|your|our|the) (colleague|manager|agent))"
    r" (\w+ )?(told (you|u)\b(?! (to|not to)\b)|said\b|mentioned\b|quoted\b|promised\b|offered\b"
    r"|suggested\b|recommended\b|advised\b|asked (you )?for\b|was told\b)"
    r"|\byou were (told|promised|offered|quoted|advised)\b|\btold (me|us)\b"
    r"|\bsaid (he|she|they)(['’]d| would| had)\b"
    # the customer's own request said back: "so you want Mia on it"
    r"|\byou(['’]re| are) (telling|saying|asking)\b|\bso (you|u)( want| need|['’]d like| would like)\b",
    re.IGNORECASE,
)


def mode(text: str) -> int:
    """How a clause stands to its act: :data:`TAKEN_BACK` (meant and not
    done: "I was going to..."), :data:`CONDITIONAL` (counterfactual,
    hedged, or behind a condition), :data:`REFUSES` (negated),
    :data:`APOLOGISES` (an apology and nothing more), :data:`ASKS` (a
    question to the customer; "shall I call you?" is an offer, so it
    :data:`DOES`), else :data:`DOES`."""
    t = text.strip()
    if _MEANT_TO.search(t):
        return TAKEN_BACK
    if _REPORTED.search(t):
        return REPORTS
    if _held(t) or _THEN.search(t) or _PAID.search(t):
        return CONDITIONAL
    if _NEGATION.search(_NOT_NEGATING.sub(" ", t)):
        return REFUSES
    if _only_acknowledges(t):
        return APOLOGISES
    if t.endswith("?") and not _OFFER_QUESTION.search(t):
        return ASKS
    return DOES


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence or clause of a reply: what an example is compared with."""

    start: int
    end: int
    text: str
    #: DOES, REFUSES, CONDITIONAL (by its own words or its sentence's: a
    #: counterfactual "if you'd..., I could..." holds for every clause), ASKS
    #: or APOLOGISES.
    mode: int

    @property
    def negated(self) -> bool:
        return self.mode in (REFUSES, CONDITIONAL, TAKEN_BACK)


def units(text: str) -> list[Unit]:
    """The reply's sentences in reading order, each cut into its clauses when it has
    several (a clause carries one act; the whole sentence would blur two)."""
    out: list[Unit] = []
    first = 0
    for a, b in cut(text, 0, len(text), SENTENCE_END, _EDGE):
        forgets = _FORGETS.search(text, a, b)
        if forgets and _ONLY_FILLER.match(text, a, forgets.start()):
            # "Forget that line, I'll ring you myself": the sentence before is taken back
            out[first:] = [_taken_back(u) for u in out[first:]]
            forgets = None
        # a pause at the sentence's start ("Hang on, I'll check") takes nothing back
        pauses = _PAUSES.search(text, a, b)
        if pauses and _ONLY_FILLER.match(text, a, pauses.start()):
            pauses = None
        taken_back = min((m.start() for m in (forgets, pauses) if m), default=None)
        first = len(out)
        # the sentence's end mark is trimmed from the unit but tells a question
        asked = "?" if text[a : b + 1].endswith("?") else ""
        sentence = text[a:b] + asked
        held = _held(sentence)
        clauses = cut(text, a, b, _CLAUSE_BREAK, _EDGE)
        # the rest of an offer put as a question belongs to the offer: "why don't I
        # send a new one today, and you keep the old one?" asks nothing of its own
        question = bool(asked) or text[a:b].endswith("?")
        offered = question and bool(_OFFER_QUESTION.search(text[clauses[0][0] : clauses[0][1]]))
        if len(clauses) == 1:
            out.append(Unit(a, b, text[a:b], mode(sentence)))
        if len(clauses) > 1:
            # a condition joined on with "and" holds its own clause and those
            # after it, not the act before it: "I'm shipping a replacement
            # today, and once you send the old one back we'll recycle it"
            first_held = next((k for k, (s, e) in enumerate(clauses) if _held(text[s:e])), 0)
            joined = first_held > 0 and bool(_JOINED.match(text, *clauses[first_held]))
            for k, (s, e) in enumerate(clauses):
                if joined and k == first_held:
                    held = True
                # the clause after "if I can find it," is held by it
                before = held and not (joined and k < first_held)
                held = held or bool(_HOLDS_WHAT_FOLLOWS.match(text, s, e))
                # a question mark belongs to the clause that asks: "I'll ring
                # you in two minutes, is that ok?" is a statement and a tag
                asks = (e == b and not (offered and s > a)) or _INTERROGATIVE.match(text, s, e)
                words = text[s:e] + (asked if asks else "")
                if offered and s > a and not asks:
                    words = words.rstrip("?")
                out.append(Unit(s, e, text[s:e], CONDITIONAL if before else mode(words)))
        if taken_back is not None:
            # every unit of this sentence that starts before the marker
            out[first:] = [_taken_back(u) if u.start < taken_back else u for u in out[first:]]
    return out


def _taken_back(u: Unit) -> Unit:
    return Unit(u.start, u.end, u.text, TAKEN_BACK)
