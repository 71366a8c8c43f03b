"""Deciding who speaks each interview paragraph that has no label.

Where every change of speaker is labelled (NPR, PBS), an unlabelled paragraph
continues the previous speaker. Where labels stop after the first exchange (as
on many web pages), the rules follow the question-and-answer rhythm. Each
decision records its rule and how sure it is, so that the unsure ones can be
reported and annotated.
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field

from .labels import Label

_CONTINUES = re.compile(r"(And|But|So|Also|Again|Now|Still|Then|Plus)\b")
_ADDRESSES = re.compile(r"\byou(?:'re|’re|'ve|’ve|r|rs)?\b", re.I)
_THANKS = re.compile(r"\bthank you\b", re.I)
# Openings of a reply: a paragraph that opens like this answers the one before it.
_REPLIES = re.compile(r"(Well|No|Yes|Yeah|Sure|Right|Absolutely|Indeed|Exactly|Thank you|Thanks)\b")


@dataclass(frozen=True)
class Decision:
    speaker: str  # speaker key
    attribution: str  # label | inferred | annotated
    rule: str
    confidence: str  # high | medium | low
    inferred: str | None = None  # for annotated paragraphs: what the rules alone chose


def attribute(
    texts: dict[int, str],
    labels: dict[int, Label],
    label_speakers: dict[int, str],
    questioner: str | None,
    annotated: dict[int, str] | None = None,
) -> dict[int, Decision]:
    """A decision for every interview paragraph (texts maps position -> words).

    `annotated` maps positions to the speaker a person chose; those paragraphs
    keep the person's choice, and the rules go on from it.
    """
    annotated = annotated or {}
    positions = sorted(texts)
    dense = labels_every_turn(positions, labels)
    decisions: dict[int, Decision] = {}
    words_by_speaker: dict[str, _RunningMedian] = {}
    # The most recent speaker who is not the questioner, kept as decisions are
    # made (looking it up afresh for each paragraph made attribution quadratic).
    fallback = next((s for s in label_speakers.values() if s != questioner), questioner)
    answerer = None
    prev: str | None = None
    prev_text = ""
    label_line_speaker: str | None = None
    for i, p in enumerate(positions):
        text = texts[p]
        after = texts[positions[i + 1]] if i + 1 < len(positions) else ""
        if p in labels:
            decision = Decision(label_speakers[p], "label", "label", "high")
            label_line_speaker = label_speakers[p] if labels[p].words_at is None else None
        elif label_line_speaker is not None:
            decision = Decision(label_line_speaker, "label", "label_line", "high")
            label_line_speaker = None
        elif prev is None:  # cannot happen while the interview opens with a label; stay safe
            decision = Decision(questioner or next(iter(label_speakers.values())), "inferred", "continuation", "low")
        elif dense:
            decision = Decision(prev, "label", "label_scope", "high")
        elif questioner is None:  # labels stop and nobody is seen asking: no rhythm to follow
            decision = Decision(prev, "inferred", "continuation", "low")
        else:
            decision = _infer(text, after, prev, prev_text, questioner, answerer or fallback, words_by_speaker)
        if p in annotated:
            decision = Decision(annotated[p], "annotated", "annotation", "high", decision.speaker)
        decisions[p] = decision
        if decision.speaker != questioner:
            answerer = decision.speaker
        if labels.get(p) is None or labels[p].words_at is not None:
            prev, prev_text = decision.speaker, text
            words_by_speaker.setdefault(decision.speaker, _RunningMedian()).add(len(text.split()))
    return decisions


def labels_every_turn(positions: list[int], labels: dict[int, Label]) -> bool:
    """Does the transcript label every change of speaker (NPR, PBS)?

    Yes when labels recur and the unlabelled run after the last label is no
    longer than the runs between labels; no when labels stop after the first
    exchange and a long unlabelled run follows (as on many web pages).
    """
    names = [label.name.casefold() for label in labels.values()]
    if len(set(names)) == len(names):
        return False
    runs, run = [], 0
    for p in positions:
        if p in labels:
            runs.append(run)
            run = 0
        else:
            run += 1
    return run <= max(3, 2 * max(runs))


def _infer(text, after, prev, prev_text, questioner, answerer, words_by_speaker) -> Decision:
    asks = "?" in text
    if prev == questioner:
        if asks:
            return Decision(questioner, "inferred", "question_after_question", "low")
        return Decision(answerer, "inferred", "answer_after_question", "high" if "?" in prev_text else "medium")
    if asks:
        return Decision(questioner, "inferred", "question_after_answer", "high")
    if _ADDRESSES.search(_THANKS.sub("", text)):
        return Decision(questioner, "inferred", "direct_address", "low")
    # The same speaker goes on. Unsure when the paragraph is short and does not
    # open like a continuation (the usual shape of an unmarked remark by the
    # questioner), or when the next paragraph opens like a reply to it.
    history = words_by_speaker.get(prev)
    usual = history.median() if history else len(text.split())
    short = len(text.split()) < usual / 2 and not _CONTINUES.match(text)
    replied = bool(_REPLIES.match(after))
    return Decision(prev, "inferred", "continuation", "low" if short or replied else "medium")


@dataclass
class _RunningMedian:
    """statistics.median of a growing list, in O(log n) per value instead of a sort per call."""

    low: list = field(default_factory=list)  # max-heap (negated) of the smaller half
    high: list = field(default_factory=list)  # min-heap of the larger half

    def add(self, value: int) -> None:
        heapq.heappush(self.high, -heapq.heappushpop(self.low, -value))
        if len(self.high) > len(self.low):
            heapq.heappush(self.low, -heapq.heappop(self.high))

    def median(self) -> float:
        if len(self.low) > len(self.high):
            return -self.low[0]
        return (-self.low[0] + self.high[0]) / 2


def pick_questioner(roles: dict[str, str], labels: dict[int, Label], label_speakers: dict[int, str], texts: dict[int, str]) -> str | None:
    """The host if there is one; else whoever first asks a question under a label
    (for a label alone on its line, in the paragraph after it)."""
    hosts = [key for key, role in roles.items() if role == "host" and key in label_speakers.values()]
    if hosts:
        return hosts[0]
    positions = sorted(texts)
    for p in sorted(labels):
        words = texts.get(p, "")
        if labels[p].words_at is None:
            after = bisect.bisect_right(positions, p)
            words = texts[positions[after]] if after < len(positions) else ""
        if "?" in words:
            return label_speakers[p]
    return None
