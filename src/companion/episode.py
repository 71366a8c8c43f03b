"""One transcript in, the rows of every table out: a pure function."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from . import attribution, dates, figures, structure
from .errors import InputError
from .labels import Label, name_key, nfc, read_name, select_labels
from .metadata import Metadata
from .readers import Paragraph, Reading, read_transcript
from .readers.cues import is_sound
from .speakers import (
    ALIAS_SEPARATOR, NameIndex, assign_roles, find_speakers, introducers_of_reporters, name_forms, positional_names, read_text_facts, self_introduced_callers, self_introduced_hosts,
    settle_parties, speaker_named,
    unique_slugs,
)

_RANK = {"label": 0, "annotated": 1, "inferred": 2}
_LEVEL = {"high": 0, "medium": 1, "low": 2}


@dataclass
class Report:
    """What a person should know about a build: unsure attributions, annotation accuracy."""

    low_confidence: list[str] = field(default_factory=list)
    summary: str = ""  # one line: how the paragraphs got their speakers
    annotated: int = 0
    annotated_inferred_right: int = 0
    warnings: list[str] = field(default_factory=list)


def make_id(episode_id: str, table: str, position: int) -> str:
    return f"{episode_id}:{table}:{position:03d}"


def build_episode(text: str, episode: dict, metadata: Metadata, reading: Reading | None = None) -> tuple[dict[str, list[dict]], Report]:
    """All rows for one episode. `episode` holds episode_id and the file facts
    (source_path, source_sha256, original_*); the rest is read from the text,
    as `reading` (default: the plain-text reader) understood it."""
    eid = episode["episode_id"]
    reading = reading if reading is not None else read_transcript(text)
    paragraphs = reading.paragraphs
    texts = [p.text for p in paragraphs]
    candidates, labels, kinds, given, doubtful = _labels_and_kinds(reading)

    # Names and facts are read from the words: outside plain text, the file's markup is no text. They are
    # names, not offsets, so they are read in NFC: "Jose\u0301" in the intro is the "JOSÉ" of a label.
    narration = nfc("\n".join(t for t, k in zip(texts, kinds) if k not in ("interview", "non_speech", "boilerplate")))
    spoken = nfc(text if reading.format == "text" else "\n".join(texts))
    index = NameIndex.of(spoken)
    facts = read_text_facts(narration, spoken)
    positional = positional_names(texts, labels, facts)
    speakers, by_name, misspelt = find_speakers(labels, narration, spoken, metadata.speakers, index, facts, positional)
    labels.update({p: replace(labels[p], doubt=True) for p in misspelt})  # "QUYAE:" is Nana Quaye, unsure
    report = Report(warnings=list(reading.warnings))
    words = {p.position: _words(p, labels.get(p.position)) for p in paragraphs if kinds[p.position] == "interview" and labels}
    self_introduced_hosts(speakers, [(by_name[p], words[p]) for p in sorted(labels)[:4]])
    self_introduced_callers(speakers, _first_words(labels, by_name, words))
    unlabelled_side = _unlabelled_side(labels, by_name, words, speakers)
    added = settle_parties(speakers, by_name, narration, index, facts, unlabelled_side)
    lead = structure.lead_speaker(texts, kinds)
    lead_speaker = speaker_named(speakers, lead[0], index, facts) if lead else None
    keys = unique_slugs(speakers)
    label_speakers = {p: keys[k] for p, k in by_name.items()}
    roles = {s.key: s.role for s in speakers}
    questioner = attribution.pick_questioner(roles, labels, label_speakers, words)
    parties = attribution.Parties(questioner)
    if added is not None:
        one_sided = next(iter(set(label_speakers.values())))
        questioner = added.key if unlabelled_side == "question" else one_sided
        parties = attribution.Parties(questioner, added.key if unlabelled_side == "answer" else None, one_sided)
    parties = attribution.Parties(parties.questioner, parties.answerer, parties.one_sided, {s.key: name_forms(s) for s in speakers},
                                  lead_speaker.key if lead_speaker else None)
    annotated = _resolve_annotations(metadata, paragraphs, kinds, speakers)
    decisions = attribution.attribute(words, labels, label_speakers, questioner, annotated, parties, set(doubtful),
                                      reading.layout == "cues", {p.position for p in paragraphs if p.new_speaker})
    _format_labels(paragraphs, given, decisions)
    used = {d.speaker for d in decisions.values()} | set(label_speakers.values())
    speakers = [s for s in speakers if s.key in used or s.role_origin == "metadata" or s.kind == "name"]
    introducers_of_reporters(speakers, [(d.speaker, words[p]) for p, d in sorted(decisions.items())])
    questioner = questioner or attribution.first_asker(decisions, words)
    assign_roles(speakers, questioner, _heard_only_in_recordings(labels, label_speakers, texts, kinds), _asks_only(decisions, words),
                 attribution.answerers(decisions, words, {s.key for s in speakers if s.role == "reporter"}))
    report.annotated = len(annotated)
    report.annotated_inferred_right = sum(decisions[p].inferred == s for p, s in annotated.items())
    if not labels:
        report.warnings.append(_no_label_warning(paragraphs, kinds, candidates))

    segments, segment_of = _segments(eid, paragraphs, kinds)
    turns, turn_of = _turns(eid, paragraphs, labels, words, decisions, segment_of,
                            merges=set(given) if reading.merge_marked else set())
    speaker_ids = {s.key: f"{eid}:speaker:{s.key}" for s in speakers}
    for row in turns:
        row["speaker_id"] = speaker_ids[row["speaker_id"]]
    rows = {
        "episodes": [_episode_row(episode, reading, kinds, metadata)],
        "speakers": [
            {
                "speaker_id": speaker_ids[s.key], "episode_id": eid, "name": s.name, "label": s.label,
                "aliases": ALIAS_SEPARATOR.join(s.aliases) or None, "role": s.role, "role_origin": s.role_origin, "description": s.description,
                "description_origin": s.description_origin,
            }
            for s in speakers
        ],
        "segments": segments,
        "paragraphs": [],
        "turns": turns,
        "links": _links(eid, paragraphs, kinds, segment_of, metadata.links),
        "figures": [],
    }
    for p in paragraphs:
        d = decisions.get(p.position) if p.position in turn_of else None
        rows["paragraphs"].append({
            "paragraph_id": make_id(eid, "paragraph", p.position), "episode_id": eid, "position": p.position,
            "line_number": p.line_number, "segment_id": segment_of[p.position],
            "turn_id": turn_of.get(p.position), "speaker_id": speaker_ids[d.speaker] if d else None,
            "attribution": d and d.attribution, "rule": d and d.rule, "confidence": d and d.confidence,
            "inferred_speaker_id": speaker_ids[d.inferred] if d and d.inferred else None,
            "delivery": d.delivery if d else None,
            "start_time": p.start_time, "end_time": p.end_time,
            "char_start": p.start, "char_end": p.end, "text": p.text,
        })
        if d and d.confidence == "low":
            report.low_confidence.append(f"line {p.line_number} ({d.rule}, guessed {d.speaker}): {p.text[:70]}")
    report.summary = _summary(paragraphs, decisions, turn_of) if turn_of else ""
    rows["figures"] = _figures(eid, paragraphs, labels, rows["paragraphs"], rows["episodes"][0]["broadcast_date"], kinds)
    return rows, report


def _figures(eid: str, paragraphs: list[Paragraph], labels: dict[int, Label], paragraph_rows: list[dict], broadcast: str | None,
             kinds: list[str]) -> list[dict]:
    """Figures in every paragraph's words (labels left out), with the turn and speaker that hold them.
    Boilerplate (menus, banners, page dates, copyright lines) holds no figures."""
    reference = dt.date.fromisoformat(broadcast) if broadcast else None
    rows = []
    context = figures.Context()  # a story's year, a tense, a currency carried from paragraph to paragraph
    for p, where in zip(paragraphs, paragraph_rows):
        if kinds[p.position] == "boilerplate":
            continue
        skip = _words_start(p, labels.get(p.position))
        for f in figures.extract(p.text[skip:], reference, context):
            start, end = p.span(skip + f.start, skip + f.end)  # markup and escapes make text and source differ
            rows.append({
                "figure_id": make_id(eid, "figure", len(rows)), "episode_id": eid, "position": len(rows),
                "segment_id": where["segment_id"], "turn_id": where["turn_id"], "speaker_id": where["speaker_id"],
                "paragraph_id": where["paragraph_id"], "text": f.text, "char_start": start, "char_end": end,
                "paragraph_offset": skip + f.start,
                "kind": f.kind, "value": f.value, "value_min": f.value_min, "value_max": f.value_max,
                "is_range": f.is_range, "unit": f.unit, "date": f.date, "time": f.time, "period_start": f.period_start,
                "period_end": f.period_end, "date_resolution": f.date_resolution, "is_approximate": f.is_approximate, "qualifier": f.qualifier,
                "subject": f.subject, "sentence": f.sentence, "rule": f.rule,
            })
    return rows


def _labels_and_kinds(reading: Reading) -> tuple[dict, dict[int, Label], list[str], dict[int, Label], dict[int, Label]]:
    """Label candidates, interview labels, each paragraph's segment kind, the labels the format itself gave,
    and the label-like openings that the grammar did not trust.

    A speaker the reader found in the format's own markup (a voice tag, a JSON
    field, a <cite>, a caption prefix, a Markdown **Name:**) is that
    paragraph's label, its words starting at 0. On a page (plain text,
    Markdown) the label grammar reads the other paragraphs and the structure
    rules find the page's parts; in a file of cues every cue is speech, except
    a bracketed sound such as "[MUSIC]".
    """
    paragraphs = reading.paragraphs
    texts = [p.text for p in paragraphs]
    given = {p.position: _given_label(p) for p in paragraphs if p.speaker}
    if reading.layout == "page":
        trusted, doubtful = select_labels(texts)  # label-like openings the grammar did not trust make label_scope unsure
        labels = {**trusted, **given}
        doubtful = {i: lab for i, lab in doubtful.items() if i not in given}
        candidates = {**doubtful, **labels}
        kinds = structure.classify(texts, [labels.get(i) for i in range(len(texts))])
    else:
        candidates = dict(given)
        labels = dict(given)
        doubtful = {}
        kinds = ["non_speech" if is_sound(p.text) else "interview" for p in paragraphs]
    marked = any(p.kind == "headline" for p in paragraphs)
    # A reader's guess that a bold line is a heading gives way to a speaker label in it ("**Q: Were you afraid?**").
    kinds = [kind if p.kind == "other" and kind == "interview" and p.position in labels
             else p.kind or ("intro" if marked and kind == "headline" else kind) for p, kind in zip(paragraphs, kinds)]
    labels = {i: lab for i, lab in labels.items() if kinds[i] == "interview"}
    return candidates, labels, kinds, {i: lab for i, lab in given.items() if i in labels}, doubtful


def _given_label(p: Paragraph) -> Label:
    """The label of a speaker the format's markup names: read by the label grammar like a label in
    the text (title, descriptor, parenthetical, Q/A, office), its words starting where the reader says.
    A name the grammar cannot read ("kevin" in a JSON field) is still the file's word for the speaker."""
    return read_name(p.speaker, p.start_time, p.text) or Label(nfc(p.speaker), None, 0, written=nfc(p.speaker), time=p.start_time)


def _format_labels(paragraphs: list[Paragraph], given: dict[int, Label], decisions: dict) -> None:
    """Speakers from the format's markup get their own rule; a change of speaker that the
    file marks without a name ("- ", ">>") but the rules did not see is unsure."""
    previous = None
    for p in paragraphs:
        d = decisions.get(p.position)
        if d is None:
            continue
        if p.position in given and d.rule == "label":
            decisions[p.position] = d = replace(d, rule="format_label")
        if p.new_speaker and previous is not None and d.speaker == previous and d.attribution != "annotated":
            decisions[p.position] = d = replace(d, confidence="low")
        previous = d.speaker


def _unlabelled_side(labels: dict[int, Label], by_name: dict[int, str], words: dict[int, str], speakers) -> str | None:
    """When only one person is ever labelled and unlabelled paragraphs between
    the labels ask questions (or answer them), the other side is never labelled:
    "question" when the labelled person answers, "answer" when they ask."""
    named = {by_name[p] for p, label in labels.items() if label.kind == "name"}
    if len(named) != 1 or len(set(by_name.values())) != 1 or len(labels) < 2:
        return None
    unlabelled = [p for p in words if p not in labels and p > min(labels) or p < min(labels)]
    if not any("?" in words[p] for p in unlabelled):
        return None
    labelled_asks = sum("?" in words[p] for p in labels) > len(labels) / 2
    return "answer" if labelled_asks else "question"


def _first_words(labels: dict[int, Label], by_name: dict[int, str], words: dict[int, str]) -> list[tuple[str, str]]:
    """(speaker name key, words of the speaker's first labelled paragraph), once per speaker; a label
    alone on its line gives the next paragraph's words."""
    seen: dict[str, str] = {}
    for p in sorted(labels):
        if by_name[p] not in seen:
            seen[by_name[p]] = words.get(p) or words.get(p + 1, "")
    return list(seen.items())


def _asks_only(decisions: dict[int, attribution.Decision], words: dict[int, str]) -> set[str]:
    """Speakers every one of whose paragraphs with words asks a question."""
    asks: dict[str, bool] = {}
    for p, d in decisions.items():
        if words.get(p):
            asks[d.speaker] = asks.get(d.speaker, True) and "?" in words[p]
    return {s for s, only in asks.items() if only}


def _summary(paragraphs: list[Paragraph], decisions: dict[int, attribution.Decision], turn_of: dict[int, str]) -> str:
    """"38 paragraphs with a speaker: 26 labelled, 4 in a label's scope (3 high, 1 low), 6 inferred high, 1 medium,
    1 low (not high: lines 41, 55)"; a paragraph in a label's scope has no label of its own, so it is counted apart."""
    chosen = [(p, decisions[p.position]) for p in paragraphs if p.position in turn_of]
    labelled = sum(d.attribution == "label" and d.rule != "label_scope" for _, d in chosen)
    scoped = [d for _, d in chosen if d.rule == "label_scope"]  # no label of their own: counted apart, so that a wrong scope shows
    annotated = sum(d.attribution == "annotated" for _, d in chosen)
    inferred = [(p, d) for p, d in chosen if d.attribution == "inferred"]
    level = {c: sum(d.confidence == c for _, d in inferred) for c in ("high", "medium", "low")}
    unsure = [p.line_number for p, d in chosen if d.confidence != "high"]
    parts = [f"{labelled} labelled"] + ([f"{annotated} annotated"] if annotated else [])
    if scoped:
        scope_level = {c: sum(d.confidence == c for d in scoped) for c in ("high", "medium", "low")}
        parts.append(f"{len(scoped)} in a label's scope (" + ", ".join(f"{n} {c}" for c, n in scope_level.items() if n) + ")")
    parts += [f"{level['high']} inferred high", f"{level['medium']} medium", f"{level['low']} low"]
    shown = ", ".join(str(n) for n in unsure[:10]) + (", …" if len(unsure) > 10 else "")
    return f"{len(chosen)} paragraphs with a speaker: " + ", ".join(parts) + (f" (not high: lines {shown})" if unsure else "")


def _no_label_warning(paragraphs: list[Paragraph], kinds: list[str], candidates: dict[int, Label | None]) -> str:
    """Why no paragraph got a speaker: how many look like dialogue, and the first line that looks like a label."""
    speech = [p for p in paragraphs if kinds[p.position] not in ("boilerplate", "headline", "photo_caption")
              and re.search(r"\b(?:I|I'm|I’m|you|we|my|your)\b|\?", p.text)]
    near = next((p for p in paragraphs if kinds[p.position] != "boilerplate"
                 and re.match(r"[\W\d]{0,5}[^\W\d][^:]{0,50}:(?:\s|$)", p.text) and not candidates.get(p.position)), None)
    message = "no speaker label found; the package has no turns"
    if speech:
        message = f"{len(speech)} paragraphs look like dialogue but no label shape matched; the package has no turns"
        if near is not None:
            message += f"; first label-like line: line {near.line_number} {near.text[:40]!r}"
    return message


def _page_date(paragraphs: list[Paragraph], kinds: list[str]) -> dt.date | None:
    """The date line of the page ("MARCH 14, 20244:12 PM ET"), read when no sentence dates the broadcast."""
    for p in paragraphs:
        if kinds[p.position] == "boilerplate":
            date = structure.page_date(p.text)
            if date:
                return date
        elif kinds[p.position] == "interview":
            return None
    return None


def _heard_only_in_recordings(labels, label_speakers, texts, kinds) -> set[str]:
    """Speakers each of whose labels comes right after a recording cue such as
    "(SOUNDBITE OF ARCHIVED RECORDING)"."""
    def after_cue(p: int) -> bool:
        return p > 0 and kinds[p - 1] == "non_speech" and re.search(r"SOUNDBITE|RECORDING|CLIP|ARCHIV", texts[p - 1], re.I) is not None

    heard: dict[str, bool] = {}
    for p, speaker in label_speakers.items():
        heard[speaker] = heard.get(speaker, True) and after_cue(p)
    return {speaker for speaker, only in heard.items() if only}


def _words_start(p: Paragraph, label: Label | None) -> int:
    """Where the spoken words start in a paragraph: after its label, if any."""
    if label is None:
        return 0
    return len(p.text) if label.words_at is None else label.words_at


def _words(p: Paragraph, label: Label | None) -> str:
    return p.text[_words_start(p, label):]


def _resolve_annotations(metadata: Metadata, paragraphs: list[Paragraph], kinds: list[str], speakers) -> dict[int, str]:
    """Annotations find their paragraph by its first words and their speaker by name."""
    by_name = {name_key(s.name): s.key for s in speakers}
    chosen: dict[int, str] = {}
    # Interview paragraphs sorted by their words: the ones that start with an
    # annotation's words are one run, found by bisection (a scan of every
    # paragraph per annotation made a large metadata file quadratic).
    ordered = sorted((" ".join(p.text.split()), p.position) for p in paragraphs if kinds[p.position] == "interview")
    keys = [words for words, _ in ordered]
    for note in metadata.annotations:
        key = by_name.get(name_key(note.speaker))
        if key is None:
            known = ", ".join(s.name for s in speakers) or "none"
            raise InputError(metadata.path, f"annotation names speaker {note.speaker!r}, who is not defined (speakers: {known})", note.line)
        start = " ".join(note.match.split())
        first = bisect.bisect_left(keys, start)
        hits = [position for _, position in ordered[first:bisect.bisect_left(keys, start + "\U0010ffff", first)]]
        if len(hits) != 1:
            problem = "matches no interview paragraph" if not hits else f"matches {len(hits)} paragraphs; quote more words"
            raise InputError(metadata.path, f"annotation {note.match!r} {problem}", note.line)
        chosen[hits[0]] = key
    return chosen


def _segments(eid: str, paragraphs: list[Paragraph], kinds: list[str]) -> tuple[list[dict], dict[int, str]]:
    """Consecutive paragraphs of one kind form a segment."""
    segments: list[dict] = []
    segment_of: dict[int, str] = {}
    for p in paragraphs:
        if not segments or segments[-1]["kind"] != kinds[p.position]:
            segments.append({
                "segment_id": make_id(eid, "segment", len(segments)), "episode_id": eid, "position": len(segments),
                "kind": kinds[p.position], "paragraph_start": p.position, "char_start": p.start, "parts": [],
            })
        seg = segments[-1]
        seg["parts"].append(p.text)
        seg["paragraph_end"], seg["char_end"] = p.position + 1, p.end
        segment_of[p.position] = seg["segment_id"]
    for seg in segments:
        seg["text"] = "\n".join(seg.pop("parts"))
    return segments, segment_of


def _turns(eid, paragraphs, labels, words, decisions, segment_of, merges=frozenset()) -> tuple[list[dict], dict[int, str]]:
    """Consecutive interview paragraphs by one speaker, in one segment, form a
    turn; a paragraph with a label always opens a new one, except a cue whose
    speaker markup lies outside its words (`merges`)."""
    groups: list[list[Paragraph]] = []
    for p in paragraphs:
        if p.position not in decisions:
            continue
        prev = groups[-1][-1] if groups else None
        same = (
            prev is not None and prev.position + 1 == p.position
            and decisions[prev.position].speaker == decisions[p.position].speaker
            and segment_of[prev.position] == segment_of[p.position]
            and (p.position not in labels or p.position in merges)  # a label in the text would break the span
        )
        if same:
            groups[-1].append(p)
        else:
            groups.append([p])
    turns: list[dict] = []
    turn_of: dict[int, str] = {}
    for group in groups:
        spoken = [p for p in group if words[p.position]]
        if not spoken:
            continue  # a label with no words after it
        first = spoken[0]
        start = first.start + _words_start(first, labels.get(first.position))
        text = "\n".join(words[p.position] for p in spoken)
        chosen = [decisions[p.position] for p in group]
        turn_id = make_id(eid, "turn", len(turns))
        turns.append({
            "turn_id": turn_id, "episode_id": eid, "segment_id": segment_of[first.position], "position": len(turns),
            "speaker_id": chosen[0].speaker, "text": text,
            "paragraph_start": group[0].position, "paragraph_end": group[-1].position + 1,
            "start_time": first.start_time, "end_time": spoken[-1].end_time,
            "char_start": start, "char_end": spoken[-1].end,
            "word_count": sum(1 for w in text.split() if re.search(r"\w", w)),
            "is_question": "?" in text, "reply_to": turns[-1]["turn_id"] if turns else None,
            "attribution": max((d.attribution for d in chosen), key=_RANK.get),
            "confidence": max((d.confidence for d in chosen), key=_LEVEL.get),
        })
        for p in group:
            turn_of[p.position] = turn_id
    return turns, turn_of


def _links(eid, paragraphs, kinds, segment_of, urls: dict) -> list[dict]:
    """Related-story lines and audio lines are links; a newsletter promo is one link, its first line."""
    links = []
    for p in paragraphs:
        kind = kinds[p.position]
        start = p.start
        if kind == "related":
            start += re.match(r"Related\s*:\s*", p.text).end()
        elif kind == "newsletter_promo" and p.position > 0 and kinds[p.position - 1] == "newsletter_promo":
            continue
        elif kind not in ("audio", "newsletter_promo"):
            continue
        title = p.text[start - p.start:]
        links.append({
            "link_id": make_id(eid, "link", len(links)), "episode_id": eid, "segment_id": segment_of[p.position],
            "position": len(links), "kind": {"newsletter_promo": "newsletter"}.get(kind, kind),
            "title": title, "url": urls.get(title), "char_start": start, "char_end": p.end,
        })
    return links


def _episode_row(episode: dict, reading: Reading, kinds: list[str], metadata: Metadata) -> dict:
    paragraphs = reading.paragraphs

    def first(kind: str) -> str | None:
        return next((p.text for p in paragraphs if kinds[p.position] == kind), None)

    narration = "\n".join(p.text for p in paragraphs if kinds[p.position] in ("editors_note", "intro", "credit", "standfirst"))
    date = dates.broadcast_date(narration) or _page_date(paragraphs, kinds)
    from_text = {
        "program": first("credit"), "title": reading.title or first("headline"), "summary": first("standfirst"),
        "broadcast_date": date.isoformat() if date else None,
    }
    row = dict(episode)
    from_metadata = []
    for key in ("program", "title", "summary", "broadcast_date", "source_url", "publisher"):
        row[key] = from_text.get(key)
        if row[key] is None and key in metadata.episode:
            row[key] = metadata.episode[key]
            from_metadata.append(key)
    row["paragraph_count"] = len(paragraphs)
    row["source_format"] = reading.format
    row["language"] = reading.language
    row["duration_seconds"] = reading.duration_seconds
    row["fields_from_metadata"] = " ".join(from_metadata) or None
    return row
