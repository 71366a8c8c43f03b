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
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import yaml

from .labels import Label, looks_like_label

@cache
def cues() -> dict:
    return yaml.safe_load(resources.files(__package__).joinpath("attribution_cues.yaml").read_text(encoding="utf-8"))


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern]:
    c = cues()
    return {
        "continues": re.compile(rf"(?:{_alternation(c['continues'])})\b"),
        "replies": re.compile(rf"(?:{_alternation(c['replies'])})\b"),
        "confirms": re.compile(rf"\W*(?:{_alternation(c['confirms'])})\b"),
        "reported": re.compile(rf"\b(?:{_alternation(c['reported_subjects'])})(?:\s+[\w'’]+){{0,8}}?\s+(?:{_alternation(c['reported_verbs'])})\b", re.I),
        "prompts": re.compile(rf"\W*(?:(?:so|and|ok|okay|well|now),?\s+)?(?:{_alternation(c['prompts'])})\b", re.I),
        "rhetorical": re.compile(rf"\?\s+(?:{_alternation(c['rhetorical_answers'])})\b"),
        "tag": re.compile(rf",\s*(?:{_alternation(c['question_tags'])})\?\s+\S", re.I),
    }


_SENTENCE_END = re.compile(r"(?<=[.?!…])[\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")
_ADDRESSES = re.compile(r"\byou(?:'re|’re|'ve|’ve|r|rs)?\b", re.I)
_THANKS = re.compile(r"\bthank you\b", re.I)
# The questioner's thanks at the close ("Thank you for coming in."); the reply thanks "for having me".
_HOST_THANKS = re.compile(
    r"\W*(?:thank you|thanks)(?: (?:so|very) much)?(?: again)?,?\s+(?:\w+\s+){0,2}?for\s+(?:coming (?:in|on|by)|joining (?:us|me)|being (?:here|with us|on)|"
    r"talking (?:with|to) (?:us|me)|speaking (?:with|to) (?:us|me)|your time|sitting down)",
    re.I,
)
# "I", "we", "our" at any place in a sentence ("We are working for peace."), but not "US" (the country).
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|d|ll)|[Mm]e|[Mm]y|[Ww]e|[Ww]e['’](?:re|ve|ll|d)|[Oo]ur|us)\b")


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
    lead: str | None = None  # whose opening remarks come before the first label, as the page's lead says


def attribute(
    texts: dict[int, str],
    labels: dict[int, Label],
    label_speakers: dict[int, str],
    questioner: str | None,
    annotated: dict[int, str] | None = None,
    parties: Parties | None = None,
    doubtful: set[int] = frozenset(),
    cue_file: bool = False,
    changes: set[int] = frozenset(),
) -> dict[int, Decision]:
    """A decision for every interview paragraph (texts maps position -> words).

    `annotated` maps positions to the speaker a person chose: an annotation
    decides its own paragraph only, and records what the rules alone chose.
    `doubtful` holds paragraphs that open like a label the grammar did not
    trust: where every turn is labelled, such a line may be a new speaker, so
    it and the paragraphs that follow it in the same scope are unsure (low).

    `cue_file`: the paragraphs are cues of a timed or structured file
    (subtitles, JSON, HTML), whose speaker markup captioners write on most
    changes of speaker but not all; `changes` holds the cues where the file
    marks a change of speaker without a name ("- ", ">>"). There a cue in a
    label's scope is the previous speaker's only without a sign of a change:
    a marked change goes to the other side (see _marked_change), and a cue
    after the speaker's own question, or one that opens like a reply, is
    unsure (see _cue_scope). A file that names two people and marks its other
    changes counts as labelling every change (_marks_every_turn).
    """
    parties = parties or Parties(questioner)
    positions = sorted(texts)
    # Broadcast captions name a speaker once and mark each later change with ">>": the marks count as labels.
    dense = labels_every_turn(positions, labels, label_speakers) or _marks_every_turn(positions, label_speakers, changes)
    other_side = None  # only one side is labelled, and it labels each of its paragraphs: the rest is the other side's
    if parties.one_sided and _labels_each_paragraph(positions, labels):
        other_side = parties.answerer if parties.one_sided == parties.questioner else parties.questioner
    decisions: dict[int, Decision] = {}
    lengths: dict[str, RunningMedian] = {}  # words per paragraph, by speaker
    recent_answerer: str | None = None
    prev: str | None = None
    prev_text = ""
    scope: Label | None = None  # the latest label: its words run on (alone on its line, or in dense scope)
    scope_speaker: str | None = None
    scope_broken = False  # a label-like line the grammar did not trust came after the latest label
    last_label = max(labels, default=-1)
    longest_run = _longest_unlabelled_run(positions, labels, last_label)
    trailing = 0
    before: str | None = None  # the speaker before the previous one: the other side of an exchange
    heard: set[str] = set()
    marked: Decision | None = None  # the latest marked change since the latest label: its speaker is inferred
    ahead = _labelled_ahead(positions, label_speakers) if changes else None
    for i, p in enumerate(positions):
        text = texts[p]
        after_p = positions[i + 1] if i + 1 < len(positions) else None
        after = texts[after_p] if after_p is not None else ""
        label = labels.get(p)
        if label is not None:
            decision = Decision(label_speakers[p], "label", "label", "medium" if label.doubt else "high", delivery=label.delivery)
            scope, scope_speaker, scope_broken, marked = label, label_speakers[p], False, None
        elif scope is not None and i > 0 and labels.get(positions[i - 1]) is scope and scope.words_at is None:
            decision = Decision(scope_speaker, "label", "label_line", "medium" if scope.doubt else "high", delivery=scope.delivery)
        elif parties.lead is not None and scope is None:
            # "The following is a near-verbatim transcript of today's noon briefing by Stéphane Dujarric": his opening remarks.
            decision = Decision(parties.lead, "inferred", "transcript_lead", "medium")
        elif prev is None and parties.questioner and "?" in text:
            decision = Decision(parties.questioner, "inferred", "question_after_answer", "medium")
        elif prev is None:  # cannot happen while the interview opens with a label; stay safe
            decision = Decision(parties.questioner or next(iter(label_speakers.values())), "inferred", "continuation", "low")
        elif p in changes:
            other = before
            if other is None or other == prev:
                # No other side heard yet: the first other person the file names later ("HOST:", ">> ...", "GUIDE:").
                other = ahead(i, prev)
            voices = len(heard) if before is not None else len(set(label_speakers.values()))
            decision = marked = _marked_change(decisions[positions[i - 1]], prev_text, other, voices)
        elif dense:
            scope_broken = scope_broken or p in doubtful or looks_like_label(text)
            trailing += p > last_label
            level = "low" if scope_broken else "medium" if (scope is not None and scope.doubt) or trailing > longest_run else "high"
            decision = Decision(prev, "label", "label_scope", level, delivery=scope.delivery if scope is not None else None)
            if marked is not None:  # the speaker a marked change gave goes on: no surer than that change
                decision = Decision(prev, "inferred", "continuation", "low" if "low" in (level, marked.confidence) else "medium")
            if cue_file:
                decision = _cue_scope(decision, text, prev_text)
        elif parties.questioner is None:  # labels stop and nobody is seen asking: no rhythm to follow
            decision = Decision(prev, "inferred", "continuation", "low")
        else:
            nxt = labels.get(after_p) if after_p is not None else None
            next_speaker = label_speakers.get(after_p) if nxt is not None else None
            answerer = parties.answerer or recent_answerer or _first_other(parties.questioner, label_speakers)
            usual = lengths[prev].median() if prev in lengths else None
            decision = _infer(text, after, prev, prev_text, parties, answerer, next_speaker, usual)
            if other_side is not None and decision.speaker != other_side:
                # The labelled side labels its paragraphs, yet the rhythm says this is theirs: the two disagree.
                # A weak continuation gives way to the side; a stronger one stands, unsure.
                decision = (Decision(other_side, "inferred", "other_side", "medium") if decision.confidence == "low"
                            else Decision(decision.speaker, decision.attribution, decision.rule, "low"))
        decisions[p] = decision
        if label is None or label.words_at is not None:
            if decision.speaker != prev:
                before = prev
            heard.add(decision.speaker)
            prev, prev_text = decision.speaker, text
            lengths.setdefault(prev, RunningMedian()).add(len(text.split()))
            if decision.speaker != parties.questioner:
                recent_answerer = decision.speaker
    for p, speaker in (annotated or {}).items():
        decisions[p] = Decision(speaker, "annotated", "annotation", "high", decisions[p].speaker, decisions[p].delivery)
    return decisions


def _labelled_ahead(positions: list[int], label_speakers: dict[int, str]):
    """A function (i, speaker) -> the first labelled speaker after positions[i] who is not `speaker`,
    from one backward pass: the next label's speaker, and the first different one after it."""
    nearest: list[str | None] = [None] * (len(positions) + 1)
    different: list[str | None] = [None] * (len(positions) + 1)
    for i in range(len(positions) - 1, -1, -1):
        speaker = label_speakers.get(positions[i])
        if speaker is None:
            nearest[i], different[i] = nearest[i + 1], different[i + 1]
        else:
            nearest[i] = speaker
            different[i] = nearest[i + 1] if nearest[i + 1] != speaker else different[i + 1]

    def ahead(i: int, speaker: str | None) -> str | None:
        return nearest[i + 1] if nearest[i + 1] != speaker else different[i + 1]

    return ahead


def _marked_change(previous: Decision, prev_text: str, other: str | None, voices: int) -> Decision:
    """A cue the file marks as a change of speaker without a name ("- ", ">>"): the other side of
    the exchange (the speaker before the previous one), medium when the previous cue put a question
    to them or only two voices have spoken, low otherwise. With no other side yet, the previous
    speaker, low: the rules cannot tell who spoke."""
    if other is None or other == previous.speaker:
        return Decision(previous.speaker, "inferred", "continuation", "low")
    return Decision(other, "inferred", "marked_change", "medium" if voices <= 2 or asks(prev_text) else "low")


def _cue_scope(decision: Decision, text: str, prev_text: str) -> Decision:
    """An unmarked cue in a label's scope, in a file whose markup names most changes of speaker
    but not all: one after the speaker's own question (the answer may come unmarked) or one that
    opens like a reply ("Yes.", "Exactly.") stays with the previous speaker, low."""
    if (asks(prev_text) and not asks(text)) or _patterns()["replies"].match(text):
        return replace(decision, confidence="low")
    return decision


def _marks_every_turn(positions: list[int], label_speakers: dict[int, str], changes: set[int]) -> bool:
    """Does a file of cues mark its changes of speaker, naming two people or more at least once and
    marking the other changes without a name (">>")? Then an unmarked cue goes on with the speaker
    before it. Names and marks must open at least a third of the cues: a film's subtitles mark only
    the second speaker inside a cue ("- Yes.") and say nothing of changes between cues."""
    return len(set(label_speakers.values())) >= 2 and len(changes) >= 2 and 3 * (len(changes) + len(label_speakers)) >= len(positions)


def _longest_unlabelled_run(positions: list[int], labels: dict[int, Label], last_label: int) -> int:
    """The most paragraphs that follow one label's words without a new label, before the last label:
    after the last label, a longer run is no longer sure to be the same speaker's (a closing line may follow)."""
    longest = run = 0
    for p in positions:
        if p > last_label:
            break
        label = labels.get(p)
        if label is not None:
            run = -1 if label.words_at is None else 0  # a label alone on its line: its first paragraph is its words
        else:
            run += 1
            longest = max(longest, run)
    return longest


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


def _labels_each_paragraph(positions: list[int], labels: dict[int, Label]) -> bool:
    """Does a label ever open the paragraph right after a labelled paragraph
    ("Okafor: ..." twice in a row)? Then the labelled side repeats its label
    on its paragraphs, and a paragraph without one is likely not theirs."""
    spoken_under_label = False  # the paragraph before was spoken under a label
    label_alone = False  # the paragraph before was a label alone on its line
    for p in positions:
        label = labels.get(p)
        if label is not None and spoken_under_label:
            return True
        if label is not None:
            label_alone, spoken_under_label = label.words_at is None, label.words_at is not None
        else:
            label_alone, spoken_under_label = False, label_alone
    return False


def _first_other(questioner: str, label_speakers: dict[int, str]) -> str:
    return next((s for s in label_speakers.values() if s != questioner), questioner)


def _names_other(text: str, other: str, parties: Parties) -> bool:
    """Does the paragraph open by addressing `other` by name ("Priya Raman, thank you.")?"""
    for form in (parties.names or {}).get(other, ()):
        if form and re.match(rf"(?:(?:And|So|Well|Now|OK|Okay),?\s+)?{re.escape(form)}\b(?:\s+(?:in|of|from|at)\s+[^,.;?!]{{1,40}})?\s*[,.!?]", text):
            return True
    return False


def asks(text: str) -> bool:
    """Does the paragraph put a question to the other side? A question the
    speaker answers at once ("Why does that matter? Because ...") or a tag
    question with more words after it ("..., no? The same tree ...") does not."""
    if "?" not in text:
        return False
    pats = _patterns()
    rhetorical = len(pats["rhetorical"].findall(text)) + len(pats["tag"].findall(text))
    sentences = _SENTENCE_END.split(text.strip())
    # A question between statements, neither opening nor closing the paragraph, is the speaker's own
    # ("... So why does it count as renewable? The rules were written for ...").
    inside = sum(s.endswith("?") for s in sentences[1:-1]) if len(sentences) >= 3 and not sentences[-1].endswith("?") else 0
    return text.count("?") > max(rhetorical, inside)


def _infer(text, after, prev, prev_text, parties: Parties, answerer, next_speaker, usual: float | None) -> Decision:
    questioner = parties.questioner
    asking = asks(text)
    unlabelled_side = parties.one_sided is not None
    pats = _patterns()
    if prev == questioner:
        if asking:
            return Decision(questioner, "inferred", "question_after_question", "low")
        if unlabelled_side and parties.one_sided != questioner:
            # Only the answerer is ever labelled: an unlabelled paragraph after a
            # question is no answer (that would carry a label) but more of the question.
            return Decision(questioner, "inferred", "continuation", "low")
        return Decision(answerer, "inferred", "answer_after_question", "high" if asks(prev_text) else "medium")
    if asking:
        return Decision(questioner, "inferred", "question_after_answer", "high")
    if _names_other(text, prev, parties):
        return Decision(questioner, "inferred", "names_other", "medium")
    if _HOST_THANKS.match(text):
        return Decision(questioner, "inferred", "closing_thanks", "medium")
    bare = _THANKS.sub("", text)
    view = pats["reported"].search(bare)
    if view and not _FIRST_PERSON.search(bare[:view.start()] + " " + bare[view.end():]) and len(text.split()) <= 40:
        return Decision(questioner, "inferred", "challenge", "medium")
    words = len(text.split())
    if words <= 30 and "?" not in text and pats["confirms"].match(after) and not asks(after) and not _FIRST_PERSON.search(bare):
        # "So the forests used to cancel out the emissions." / "Yes, exactly that.": the next paragraph answers this one.
        return Decision(questioner, "inferred", "prompts_reply", "medium")
    if pats["prompts"].match(text):
        return Decision(questioner, "inferred", "direct_address", "medium")  # "Tell me about moving the hives."
    if _ADDRESSES.search(bare):
        return Decision(questioner, "inferred", "direct_address", "medium" if unlabelled_side else "low")
    # The same speaker goes on. Unsure when the paragraph is short and does not
    # open like a continuation (the usual shape of an unmarked remark by the
    # questioner), when the next paragraph opens like a reply to it, or when
    # its only question is one the speaker answers at once.
    usual = usual or words
    if unlabelled_side and next_speaker == prev and words < usual / 2 and not _FIRST_PERSON.search(text):
        # Only this side is labelled, and it speaks next under a new label: a
        # short remark in between is the other side's reaction.
        return Decision(questioner, "inferred", "challenge", "low")
    short = words < usual / 2 and not pats["continues"].match(text)
    replied = bool(pats["replies"].match(after))
    # A remark without "I" or "we" just before a question may be the questioner's preamble to it.
    preamble = asks(after) and not _FIRST_PERSON.search(text)
    return Decision(prev, "inferred", "continuation", "low" if short or replied or preamble or "?" in text else "medium")


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


def answerers(decisions: dict[int, Decision], words: dict[int, str], reporters: set[str] = frozenset()) -> set[str] | None:
    """Speakers who, at least once, speak right after someone else's question;
    None when no one answers a question put by anyone but a reporter (a
    reported package alone: its voices answer the reporter, and they are the
    piece's guests)."""
    found: set[str] = set()
    interviewed = False
    before: Decision | None = None
    asked = False
    for p in sorted(decisions):
        if not words.get(p):
            continue  # a label alone on its line: its words follow
        d = decisions[p]
        if before is not None and asked and d.speaker != before.speaker:
            found.add(d.speaker)
            interviewed = interviewed or before.speaker not in reporters
        before, asked = d, "?" in words[p]
    return found if interviewed else None


def first_asker(decisions: dict[int, Decision], words: dict[int, str]) -> str | None:
    """The first speaker whose paragraph puts a question, once every paragraph has a speaker
    (for a file that names its speakers only once: its questions come unlabelled)."""
    return next((decisions[p].speaker for p in sorted(decisions) if asks(words.get(p, ""))), None)


def pick_questioner(roles: dict[str, str], labels: dict[int, Label], label_speakers: dict[int, str], texts: dict[int, str]) -> str | None:
    """The host if there is one; else whoever first asks a question under a label
    (for a label alone on its line, in the paragraph after it)."""
    hosts = [key for key, role in roles.items() if role == "host" and key in label_speakers.values()]
    asking = [label_speakers[p] for p in sorted(labels) if labels[p].kind == "question" and label_speakers[p] in roles]
    if hosts:
        return hosts[0]
    if asking:
        return asking[0]  # "Q    Tobias, will the President ...": the questions' side, not whoever asks first
    positions = sorted(texts)
    following = {q: positions[i + 1] for i, q in enumerate(positions[:-1])}
    for p in sorted(labels):
        words = texts.get(p, "")
        if labels[p].words_at is None:
            words = texts.get(following.get(p), "")
        if "?" in words:
            return label_speakers[p]
    return None
