"""ConvoKit corpus folder: utterances.jsonl, speakers.json, conversations.json,
corpus.json and index.json, loadable with `convokit.Corpus(filename=FOLDER)`.

- Each turn is an utterance; its speaker is the turn's speaker and `reply_to`
  the turn it replies to (the turns table's reply_to).
- A conversation is a reply chain: ConvoKit names a conversation after its
  first utterance, so `conversation_id` is the id of the turn at the root of
  the chain (usually the first turn of the episode's interview).
- The transcripts have no clock times, so `timestamp` is the turn's position
  in its episode (0, 1, 2, ...), which keeps ConvoKit's chronological order
  right; corpus.json says so.
- Utterance metadata: the turn's columns, and `figures`, the figures cited in
  the turn (each with the figures table's columns). Speaker metadata: the
  speakers table's columns; conversation metadata: the episode's columns.
- index.json lists each metadata key with the Python types of its values,
  as ConvoKit itself writes it (e.g. "<class 'int'>").

A corpus holds conversations only: paragraphs and figures outside the turns
(a photo caption's date, say) are not in it; the package's tables have them.

The JSON is written as ASCII (other characters escaped), since ConvoKit opens
the files in the platform's default encoding.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import Export
from .tables import PackageData

DESCRIPTION = "ConvoKit corpus folder: turns as utterances with reply_to, speakers, episodes as conversation metadata, figures per utterance"
OUTPUT = "folder"
OUT_NAME = "{name}-convokit"
NEEDS_VALID_PACKAGE = True  # companion export validates first
PACKAGE_KEYS = ("name", "title", "description", "version", "created", "homepage", "sources", "licenses", "contributors")
UTTERANCE_SKIP = ("turn_id", "speaker_id", "text", "reply_to")  # top-level fields of an utterance, not metadata


def render(package: PackageData, out: Path) -> Export:
    turns = package.tables.get("turns", [])
    episodes = {e["episode_id"]: e for e in package.tables.get("episodes", [])}
    figures_by_turn: dict[str, list[dict]] = {}
    for figure in package.tables.get("figures", []):
        if figure.get("turn_id"):
            figures_by_turn.setdefault(figure["turn_id"], []).append(_plain(figure))
    roots = _roots(turns)
    index = {"utterances-index": {}, "speakers-index": {}, "conversations-index": {}, "overall-index": {}}

    utterances = []
    for turn in turns:
        meta = {k: _plain_value(v) for k, v in turn.items() if k not in UTTERANCE_SKIP}
        meta["figures"] = figures_by_turn.get(turn["turn_id"], [])
        utterances.append(
            {
                "id": turn["turn_id"],
                "conversation_id": roots[turn["turn_id"]],
                "text": turn["text"],
                "speaker": turn["speaker_id"],
                "meta": meta,
                "reply_to": turn["reply_to"],
                "timestamp": turn["position"],
                "vectors": [],
            }
        )
        _note_types(index["utterances-index"], meta)

    speakers = {}
    for speaker in package.tables.get("speakers", []):
        meta = {k: _plain_value(v) for k, v in speaker.items() if k != "speaker_id"}
        speakers[speaker["speaker_id"]] = {"meta": meta, "vectors": []}
        _note_types(index["speakers-index"], meta)

    conversations = {}
    for turn in turns:
        root = roots[turn["turn_id"]]
        if root not in conversations:
            meta = _plain(episodes.get(turn["episode_id"], {"episode_id": turn["episode_id"]}))
            conversations[root] = {"meta": meta, "vectors": []}
            _note_types(index["conversations-index"], meta)

    corpus = {k: package.descriptor[k] for k in PACKAGE_KEYS if k in package.descriptor}
    corpus["timestamp"] = "The transcripts have no clock times: an utterance's timestamp is its turn's position in the episode (0-based)."
    _note_types(index["overall-index"], corpus)
    index["version"] = 1
    index["vectors"] = []

    files = {"utterances.jsonl": "".join(json.dumps(utterance) + "\n" for utterance in utterances).encode("ascii")}
    for name, data in (("speakers.json", speakers), ("conversations.json", conversations), ("corpus.json", corpus), ("index.json", index)):
        files[name] = json.dumps(data).encode("ascii")
    return Export(files=files)


def _roots(turns: list[dict]) -> dict[str, str]:
    """Each turn's conversation: the turn at the root of its reply chain."""
    parent = {t["turn_id"]: t["reply_to"] for t in turns}
    roots: dict[str, str] = {}
    for turn in turns:  # turns reply to earlier turns, so a root is always known before its replies
        tid, chain = turn["turn_id"], []
        while tid not in roots and parent.get(tid) and tid not in chain:
            chain.append(tid)
            tid = parent[tid]
        root = roots.get(tid, tid)
        for t in chain:
            roots[t] = root
        roots.setdefault(tid, root)
    return roots


def _plain_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _plain(row: dict) -> dict:
    return {k: _plain_value(v) for k, v in row.items()}


def _note_types(index: dict, meta: dict) -> None:
    """Record each key's value types the way ConvoKit's index does: None adds no type."""
    for key, value in meta.items():
        types = index.setdefault(key, [])
        if value is not None and str(type(value)) not in types:
            types.append(str(type(value)))
