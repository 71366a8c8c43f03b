"""Deciding who speaks each interview paragraph that has no label.

Where every change of speaker is labelled (NPR, PBS), an unlabelled paragraph
continues the previous speaker. Where labels are sparse (they stop after the
first exchange, or only one side is labelled), an unlabelled paragraph is
decided by evidence, never by "the last label": a question or a challenge to
the other side, a paragraph that names the other side, a short reaction, a
reply to a question, or a continuation. Each decision records its rule and how
sure it is (calibrated on the hand-labelled dev set, see
scripts/attribution_accuracy.py), so that the unsure ones can be reported.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, field

from .labels import Label

_CONTINUES = re.compile(r"(And|But|So|Also|Again|Now|Still|Then|Plus)\b")
_ADDRESSES = re.compile(r"\byou(?:'re|’re|'ve|’ve|r|rs)?\b", re.I)
_THANKS = re.compile(r"\bthank you\b", re.I)
# Openings of a reply: a paragraph that opens like this answers the one before it.
_REPLIES = re.compile(r"(Well|No|Yes|Yeah|Sure|Right|Absolutely|Indeed|Exactly|Thank you|Thanks)\b")
# A view reported to the other side: "many people feel", "some say", "the government says".
_REPORTED_VIEW = re.compile(
    r"\b(?:some|many|most|critics|people|others|opponents|skeptics|observers|analysts|experts|officials|the government|the ministry|they)"
    r"(?:\s+\w+){0,2}\s+(?:say|says|said|feel|feels|argue|argues|believe|believes|claim|claims|worry|worries|insist|insists|think|thinks)\b",
    re.I,
)
# The questioner's thanks at the close ("Thank you for coming in."); the reply thanks "for having me".
_HOST_THANKS = re.compile(
    r"\W*(?:thank you|thanks)(?: (?:so|very) much)?(?: again)?,?\s+(?:\w+\s+){0,2}?for\s+(?:coming (?:in|on|by)|joining (?:us|me)|being (?:here|with us|on)|"
    r"talking (?:with|to) (?:us|me)|speaking (?:with|to) (?:us|me)|your time|sitting down)",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|me|my|we|we're|we’re|our|us)\b")


@dataclass(frozen=True)
class Decision:
    speaker: str  # speaker key
    attribution: str  # label | inferred | annotated
    rule: str
    confidence: str  # high | medium | low
    inferred: str | None = None  # for annotated paragraphs: what the rules alone chose
    delivery: str | None = None  # from the label's parenthetical: voice_over, translated...


@dataclass(frozen=True)
class Parties:
    """The two sides of the interview and how the labels cover them."""

    questioner: str | None
    answerer: str | None = None  # the side that answers when it is never labelled
    one_sided: str | None = None  # the only labelled side, when the other side is never labelled
    names: dict[str, tuple[str, ...]] | None = None  # speaker key -> name forms (to see a paragraph address them)


def attribute(
    texts: dict[int, str],
    labels: dict[int, Label],
    label_speakers: dict[int, str],
    questioner: str | None,
    annotated: dict[int, str] | None = None,
    parties: Parties | None = None,
) -> dict[int, Decision]:
    """A decision for every interview paragraph (texts maps position -> words).

    `annotated` maps positions to the speaker a person chose: an annotation
    decides its own paragraph only, and records what the rules alone chose.
    """
    parties = parties or Parties(questioner)
    positions = sorted(texts)
    dense = labels_every_turn(positions, labels, label_speakers)
    decisions: dict[int, Decision] = {}
    lengths: dict[str, RunningMedian] = {}  # words per paragraph, by speaker
    recent_answerer: str | None = None
    prev: str | None = None
    prev_text = ""
    scope: Label | None = None  # the latest label: its words run on (alone on its line, or in dense scope)
    scope_speaker: str | None = None
    for i, p in enumerate(positions):
        text = texts[p]
        after_p = positions[i + 1] if i + 1 < len(positions) else None
        after = texts[after_p] if after_p is not None else ""
        label = labels.get(p)
        if label is not None:
            decision = Decision(label_speakers[p], "label", "label", "medium" if label.doubt else "high", delivery=label.delivery)
            scope, scope_speaker = label, label_speakers[p]
        elif scope is not None and i > 0 and labels.get(positions[i - 1]) is scope and scope.words_at is None:
            decision = Decision(scope_speaker, "label", "label_line", "medium" if scope.doubt else "high", delivery=scope.delivery)
        elif prev is None and parties.questioner and "?" in text:
            decision = Decision(parties.questioner, "inferred", "question_after_answer", "medium")
        elif prev is None:  # cannot happen while the interview opens with a label; stay safe
            decision = Decision(parties.questioner or next(iter(label_speakers.values())), "inferred", "continuation", "low")
        elif dense:
            decision = Decision(prev, "label", "label_scope", "medium" if scope is not None and scope.doubt else "high",
                                delivery=scope.delivery if scope is not None else None)
        elif parties.questioner is None:  # labels stop and nobody is seen asking: no rhythm to follow
            decision = Decision(prev, "inferred", "continuation", "low")
        else:
            nxt = labels.get(after_p) if after_p is not None else None
            next_speaker = label_speakers.get(after_p) if nxt is not None else None
            answerer = parties.answerer or recent_answerer or _first_other(parties.questioner, label_speakers)
            usual = lengths[prev].median() if prev in lengths else None
            decision = _infer(text, after, prev, prev_text, parties, answerer, next_speaker, usual)
        decisions[p] = decision
        if label is None or label.words_at is not None:
            prev, prev_text = decision.speaker, text
            lengths.setdefault(prev, RunningMedian()).add(len(text.split()))
            if decision.speaker != parties.questioner:
                recent_answerer = decision.speaker
    for p, speaker in (annotated or {}).items():
        decisions[p] = Decision(speaker, "annotated", "annotation", "high", decisions[p].speaker, decisions[p].delivery)
    return decisions


def labels_every_turn(positions: list[int], labels: dict[int, Label], label_speakers: dict[int, str] | None = None) -> bool:
    """Does the transcript label every change of speaker (NPR, PBS)?

    Yes when at least two people's labels recur and the unlabelled run after
    the last label is no longer than the runs between labels; no when labels
    stop after the first exchange (as on many web pages), or when only one side
    is ever labelled (its questions then come between the labels unlabelled).
    """
    who = label_speakers or {p: label.name.casefold() for p, label in labels.items()}
    counts: dict[str, int] = {}
    for p in labels:
        counts[who[p]] = counts.get(who[p], 0) + 1
    if sum(1 for n in counts.values() if n > 1) < 2:
        return False
    runs, run = [], 0
    for p in positions:
        if p in labels:
            runs.append(run)
            run = 0
        else:
            run += 1
    return run <= max(3, 2 * max(runs))


def _first_other(questioner: str, label_speakers: dict[int, str]) -> str:
    return next((s for s in label_speakers.values() if s != questioner), questioner)


def _names_other(text: str, other: str, parties: Parties) -> bool:
    """Does the paragraph open by addressing `other` by name ("Priya Raman, thank you.")?"""
    for form in (parties.names or {}).get(other, ()):
        if form and re.match(rf"(?:(?:And|So|Well|Now|OK|Okay),?\s+)?{re.escape(form)}\b(?:\s+(?:in|of|from|at)\s+[^,.;?!]{{1,40}})?\s*[,.!?]", text):
            return True
    return False


def _infer(text, after, prev, prev_text, parties: Parties, answerer, next_speaker, usual: float | None) -> Decision:
    questioner = parties.questioner
    asks = "?" in text
    unlabelled_side = parties.one_sided is not None
    if prev == questioner:
        if asks:
            return Decision(questioner, "inferred", "question_after_question", "low")
        if unlabelled_side and parties.one_sided != questioner:
            # Only the answerer is ever labelled: an unlabelled paragraph after a
            # question is no answer (that would carry a label) but more of the question.
            return Decision(questioner, "inferred", "continuation", "low")
        return Decision(answerer, "inferred", "answer_after_question", "high" if "?" in prev_text else "medium")
    if asks:
        return Decision(questioner, "inferred", "question_after_answer", "high")
    if _names_other(text, prev, parties):
        return Decision(questioner, "inferred", "names_other", "medium")
    if _HOST_THANKS.match(text):
        return Decision(questioner, "inferred", "closing_thanks", "medium")
    bare = _THANKS.sub("", text)
    if _REPORTED_VIEW.search(bare) and not _FIRST_PERSON.search(bare) and len(text.split()) <= 40:
        return Decision(questioner, "inferred", "challenge", "medium")
    if _ADDRESSES.search(bare):
        return Decision(questioner, "inferred", "direct_address", "medium" if unlabelled_side else "low")
    # The same speaker goes on. Unsure when the paragraph is short and does not
    # open like a continuation (the usual shape of an unmarked remark by the
    # questioner), or when the next paragraph opens like a reply to it.
    words = len(text.split())
    usual = usual or words
    if unlabelled_side and next_speaker == prev and words < usual / 2 and not _FIRST_PERSON.search(text):
        # Only this side is labelled, and it speaks next under a new label: a
        # short remark in between is the other side's reaction.
        return Decision(questioner, "inferred", "challenge", "low")
    short = words < usual / 2 and not _CONTINUES.match(text)
    replied = bool(_REPLIES.match(after))
    return Decision(prev, "inferred", "continuation", "low" if short or replied else "medium")


@dataclass
class RunningMedian:
    """The median of a growing list in O(log n) per value (two heaps), so that no
    paragraph re-sorts what came before it."""

    low: list[float] = field(default_factory=list)  # max-heap (negated)
    high: list[float] = field(default_factory=list)  # min-heap

    def add(self, value: float) -> None:
        if self.low and value > -self.low[0]:
            heapq.heappush(self.high, value)
        else:
            heapq.heappush(self.low, -value)
        if len(self.low) > len(self.high) + 1:
            heapq.heappush(self.high, -heapq.heappop(self.low))
        elif len(self.high) > len(self.low):
            heapq.heappush(self.low, -heapq.heappop(self.high))

    def median(self) -> float | None:
        if not self.low:
            return None
        if len(self.low) > len(self.high):
            return float(-self.low[0])
        return (-self.low[0] + self.high[0]) / 2


def pick_questioner(roles: dict[str, str], labels: dict[int, Label], label_speakers: dict[int, str], texts: dict[int, str]) -> str | None:
    """The host if there is one; else whoever first asks a question under a label
    (for a label alone on its line, in the paragraph after it)."""
    hosts = [key for key, role in roles.items() if role == "host" and key in label_speakers.values()]
    if hosts:
        return hosts[0]
    positions = sorted(texts)
    following = {q: positions[i + 1] for i, q in enumerate(positions[:-1])}
    for p in sorted(labels):
        words = texts.get(p, "")
        if labels[p].words_at is None:
            words = texts.get(following.get(p), "")
        if "?" in words:
            return label_speakers[p]
    return None
