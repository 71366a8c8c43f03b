"""A synthetic corpus of interview transcripts, for benchmarks and corpus tests.

Every sentence here was written for this project. Episodes mix the four label
shapes the label grammar knows (inline `Name:`, NPR's `NAME, HOST:` then
surname labels, PBS's label alone on a line, and a web page whose labels stop
after the first exchange), and their sentences carry the kinds of figures the
figure extractor looks for (counts, money, percentages, dates, ranges).
The same (count, seed) always writes the same bytes.

Example: python scripts/synthetic_corpus.py corpus/ --episodes 100
"""

from __future__ import annotations

import random
from pathlib import Path

HOSTS = ["Nadia Brooks", "Owen Castillo", "Priya Raman", "Tomas Lindqvist", "Grace Mbeki", "Henrik Sato"]
GUESTS = [
    "Lucia Ferreira", "Daniel Okafor", "Mei Tanaka", "Samuel Adeyemi", "Ingrid Holm", "Rafael Duarte",
    "Amira Haddad", "Jonas Weber", "Chloe Martin", "Viktor Novak", "Aisha Rahman", "Marek Kowalski",
]
ROLES = [
    "a hydrologist at the state university", "the mayor of a river town", "a historian of public works",
    "an economist who studies housing", "a fisheries biologist", "the head of a teachers' union",
    "a transit planner", "a nurse who runs a rural clinic", "a former trade negotiator",
]
PROGRAMS = ["Morning Ledger", "The Open Line", "Harbor Report", "Northern Desk"]
TOPICS = [
    ("water", "the reservoirs", "farmers"), ("schools", "the school budget", "teachers"),
    ("transit", "the new rail line", "commuters"), ("fishing", "the coastal fleet", "crews"),
    ("housing", "the rent rules", "tenants"), ("clinics", "the rural clinics", "patients"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

QUESTIONS = [
    "How did {place} get to this point?",
    "What do {people} tell you when you visit?",
    "Is there any money left for {place} this year?",
    "Who decides what happens next?",
    "Why has it taken so long?",
    "What would you change first, if you could change one thing?",
    "Do you think the state will step in?",
    "How many {people} are affected, roughly?",
    "What did the last survey show?",
    "Are you hopeful?",
]
CHALLENGES = [
    "Some people say {place} was never the real problem.",
    "Critics call the plan too slow and too expensive.",
    "You have said before that the numbers are misleading.",
]
ANSWERS = [
    "It started {years} years ago, when the first warnings came in and nobody acted on them.",
    "Roughly {percent} percent of {people} told us they were worried, and about {count:,} of them said they might leave.",
    "The budget for {place} is about ${millions} million this year, down from ${more} million in {year}.",
    "We counted {count:,} households in the survey, and nearly two-thirds said costs had gone up.",
    "The council meets again on {month} {day}, {year2}, and that vote will settle a lot.",
    "Between {low} and {high} percent of the money goes to repairs that should have been done long ago.",
    "I spent {weeks} weeks talking to {people}, and what struck me was how patient most of them are.",
    "There is no single answer. Part of it is money, part of it is habit, and part of it is politics.",
    "Since the {decade}s the rules have changed {times} times, and each change made the paperwork longer.",
    "A dozen towns have tried something like it, and about half of them kept it after the first year.",
    "It costs around ${thousands},000 per site, which is small next to what a failure would cost.",
    "Honestly, I think people are tired. They have heard promises before.",
    "The state could help, but it would have to find the money in a tight year.",
    "When we looked at the records from {year}, the pattern was already there.",
]
FOLLOW_UPS = [
    "And that matters more than most people think.",
    "We will know more by the end of the year.",
    "It is not a small thing for a family to move.",
    "The older {people} remember when it was different.",
    "Nobody I spoke to wanted to give up.",
]
CUES = ["(SOUNDBITE OF MUSIC)", "(SOUNDBITE OF ARCHIVED RECORDING)", "(LAUGHTER)"]
CLOSINGS = [
    ("Thank you so much for joining us.", "Thanks for having me."),
    ("We will leave it there. Thank you.", "Thank you, it was a pleasure."),
]


def _values(rng: random.Random) -> dict:
    return {
        "years": rng.randint(2, 30), "percent": rng.randint(5, 95), "count": rng.randint(120, 90000),
        "millions": rng.randint(2, 900), "more": rng.randint(901, 2000), "year": rng.randint(1985, 2019),
        "month": rng.choice(MONTHS), "day": rng.randint(1, 28), "year2": rng.randint(2020, 2024),
        "low": rng.randint(5, 20), "high": rng.randint(21, 60), "weeks": rng.randint(2, 12),
        "decade": rng.choice([1970, 1980, 1990]), "times": rng.randint(2, 9), "thousands": rng.randint(20, 900),
    }


def _fill(template: str, rng: random.Random, topic: tuple) -> str:
    _, place, people = topic
    return template.format(place=place, people=people, **_values(rng))


def _answer(rng: random.Random, topic: tuple, sentences: int) -> str:
    parts = [_fill(rng.choice(ANSWERS), rng, topic) for _ in range(sentences)]
    if rng.random() < 0.4:
        parts.append(_fill(rng.choice(FOLLOW_UPS), rng, topic))
    return " ".join(parts)


def _exchanges(rng: random.Random, topic: tuple, target: int):
    """(question, [answer paragraphs]) pairs until about `target` characters."""
    size = 0
    while size < target:
        question = _fill(rng.choice(CHALLENGES if rng.random() < 0.1 else QUESTIONS), rng, topic)
        answers = [_answer(rng, topic, rng.randint(2, 4)) for _ in range(rng.choice([1, 1, 2, 3]))]
        size += len(question) + sum(len(a) for a in answers) + 20
        yield question, answers


def episode_text(index: int, seed: int = 0) -> tuple[str, str | None]:
    """One episode's transcript (10-15 KB) and, for some, its metadata file's text."""
    rng = random.Random(f"{seed}:{index}")
    topic = rng.choice(TOPICS)
    host, guest = rng.choice(HOSTS), rng.choice(GUESTS)
    program = rng.choice(PROGRAMS)
    role = rng.choice(ROLES)
    target = rng.randint(9500, 14000)
    shape = ("inline", "npr", "pbs", "page")[index % 4]
    head = f"What comes next for {topic[1]}"
    intro = f"{guest}, {role}, has followed {topic[1]} for years. {host} asked what {topic[2]} can expect."
    lines: list[str] = []
    if shape == "inline":
        lines += [head, intro, "", f"{host}: Welcome to {program}. {_fill(rng.choice(QUESTIONS), rng, topic)}"]
        first = True
        for question, answers in _exchanges(rng, topic, target):
            if not first:
                lines.append(f"{host}: {question}")
            first = False
            lines.append(f"{guest}: {answers[0]}")
            lines += answers[1:]
        bye, thanks = rng.choice(CLOSINGS)
        lines += [f"{host}: {bye}", f"{guest}: {thanks}"]
    elif shape == "npr":
        host_last, guest_last = host.split()[-1].upper(), guest.split()[-1].upper()
        lines += [head, "", f"{host.upper()}, HOST:", "", intro, ""]
        lines.append(f"{guest.upper()}: Good to be with you.")
        for n, (question, answers) in enumerate(_exchanges(rng, topic, target)):
            lines.append(f"{host_last}: {question}")
            lines.append(f"{guest_last}: {answers[0]}")
            lines += answers[1:]
            if n % 5 == 4:
                lines.append(rng.choice(CUES))
        bye, thanks = rng.choice(CLOSINGS)
        lines += [f"{host_last}: {bye}", f"{guest_last}: {thanks}", f"Copyright {rng.randint(2019, 2024)} {program}. All rights reserved."]
    elif shape == "pbs":
        lines += [f"{host}:", intro, _fill(rng.choice(QUESTIONS), rng, topic)]
        for n, (question, answers) in enumerate(_exchanges(rng, topic, target)):
            if n:
                lines += [f"{host}:", question]
            lines.append(f"{guest}:")
            lines += answers
    else:  # a web page: labels on the first exchange only
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2019, 2024)}"
        lines += [head, f"{guest} says {topic[2]} need a plan, and soon.", program,
                  f"Editor's note: This interview aired on the {date}, broadcast of {program}.",
                  intro, f"Related: Why {topic[1]} keep making the news"]
        for n, (question, answers) in enumerate(_exchanges(rng, topic, target)):
            lines.append(f"{host}: {question}" if n == 0 else question)
            lines.append(f"{guest}: {answers[0]}" if n == 0 else answers[0])
            lines += answers[1:]
        bye, thanks = rng.choice(CLOSINGS)
        lines += [bye, thanks, "This interview has been edited for length and clarity.", "Sign up for our weekly newsletter"]
    text = "\n\n".join(lines) + "\n"
    metadata = None
    if index % 3 == 0:
        metadata = f"publisher: {program} Radio\nsource_url: https://example.org/{program.lower().replace(' ', '-')}/{index}\n"
    return text, metadata


def write_corpus(folder: Path, episodes: int, seed: int = 0, per_folder: int = 1000) -> list[Path]:
    """Write `episodes` transcripts under `folder` (in subfolders of `per_folder`); return their paths."""
    paths = []
    for index in range(episodes):
        sub = folder / f"batch-{index // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"episode-{index:05d}.txt"
        text, metadata = episode_text(index, seed)
        path.write_text(text, encoding="utf-8")
        if metadata is not None:
            path.with_suffix(".yaml").write_text(metadata, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    import typer

    def main(folder: Path, episodes: int = typer.Option(100), seed: int = typer.Option(0)) -> None:
        """Write a synthetic corpus. Example: python scripts/synthetic_corpus.py corpus/ --episodes 100"""
        paths = write_corpus(folder, episodes, seed)
        size = sum(p.stat().st_size for p in paths)
        print(f"wrote {len(paths)} transcripts, {size / 1e6:.1f} MB, under {folder}")

    typer.run(main)
