"""Cost stays linear in the input (issue 7, case 5). Timing belongs in
scripts/benchmark_scaling.py; these tests check the structure that makes the
build linear: no work per paragraph that grows with the paragraphs before it,
no whole-text scan per label."""

import random
import statistics

from companion import attribution, speakers
from companion.package import TranscriptInput, build_files


def one_word_lines(n):
    return "A talk\n\nAnn Host: Why?\nBen Guest: Because.\n" + "".join(["Yes.\n", "Right?\n", "Well.\n"][i % 3] for i in range(n))


def test_attribution_does_not_sort_once_per_paragraph(monkeypatch):
    calls = []

    def counting_sorted(iterable, *args, **kwargs):
        items = list(iterable)
        calls.append(len(items))
        return sorted(items, *args, **kwargs)

    monkeypatch.setattr(attribution, "sorted", counting_sorted, raising=False)
    build_files([TranscriptInput("t.txt", one_word_lines(600).encode("utf-8"))])
    assert len(calls) <= 10, f"sorted() called {len(calls)} times for 600 paragraphs"


def test_the_usual_length_is_not_a_fresh_median_per_paragraph(monkeypatch):
    calls = []
    monkeypatch.setattr(statistics, "median", lambda data: calls.append(1) or 1)
    build_files([TranscriptInput("t.txt", one_word_lines(300).encode("utf-8"))])
    assert calls == []


def test_running_median_equals_statistics_median():
    rng = random.Random(7)
    for _ in range(200):
        values = [rng.randint(0, 50) for _ in range(rng.randint(1, 40))]
        running = attribution.RunningMedian()
        for i, value in enumerate(values):
            running.add(value)
            assert running.median() == statistics.median(values[:i + 1])


def test_the_text_is_indexed_once_per_episode_not_once_per_label(monkeypatch):
    """Names are cased and completed from one index of the whole text, built once
    (a scan of the whole text per all-caps label made a 3.5 MB text take 220 s)."""
    calls = []
    original = speakers.NameIndex.of
    monkeypatch.setattr(speakers.NameIndex, "of", classmethod(lambda cls, text: calls.append(1) or original(text)))
    turns = "".join(["STEVE INSKEEP, HOST: How much rain?\n", "ANA SILVA, FARMER: None at all.\n"][i % 2] for i in range(400))
    build_files([TranscriptInput("t.txt", ("Rain\n\n" + turns).encode("utf-8"))])
    assert len(calls) <= 1
