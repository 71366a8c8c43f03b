"""Figures: the extractor against the hand-labelled sets, the table of
non-figures, the vocabularies against the schema, and unit cases."""

import csv
import datetime as dt
import math
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, build_fixture

from companion import figures as F
from companion.figures import extract
from companion.schemas import enum, field_names
from companion.scoring import Span, locate_gold, read_annotated, score, score_annotated

GOLD = list(csv.DictReader((FIXTURES / "figures_gold.csv").open(encoding="utf-8")))
REQUIRED_KINDS = ("count", "money", "percent", "fraction", "duration")
DEV = sorted((FIXTURES / "figures" / "dev").glob("*.ann"))


def source_of(name: str) -> str:
    path = FIXTURES / name if (FIXTURES / name).exists() else ROOT / "data/source" / name
    return path.read_text(encoding="utf-8")


def figures_of(name: str) -> list[dict]:
    if (FIXTURES / name).exists():
        tables = build_fixture(name)
    else:
        from conftest import read_csv

        tables = {t: read_csv((ROOT / f"data/{t}.csv").read_bytes()) for t in ("figures", "speakers")}
    names = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    for row in tables["figures"]:
        row["speaker"] = names.get(row["speaker_id"], "")
    return tables["figures"]


FILES = sorted({row["file"] for row in GOLD})
FIGURES = {name: figures_of(name) for name in FILES}
SOURCES = {name: source_of(name) for name in FILES}
POSITIVES, NEGATIVES = locate_gold(GOLD, SOURCES)


def predicted_spans() -> list[Span]:
    return [Span(name, int(f["char_start"]), int(f["char_end"]), f["kind"], f["text"]) for name in FILES for f in FIGURES[name]]


def test_targets_on_the_labelled_set():
    result = score(POSITIVES, NEGATIVES, predicted_spans())
    assert result.negatives_hit == []
    assert result.precision >= 0.95, result.false_positives
    for kind in REQUIRED_KINDS:
        assert result.recall_by_kind[kind] == 1.0, (kind, result.missed)


@pytest.mark.parametrize("span, row", POSITIVES, ids=[f"{r['file'][:12]}:{r['line_number']}:{r['text']}" for _, r in POSITIVES])
def test_each_labelled_figure(span, row):
    found = [f for f in FIGURES[row["file"]] if (int(f["char_start"]), int(f["char_end"])) == (span.start, span.end)]
    assert len(found) == 1, f"{row['text']!r} not extracted with exactly its words"
    (figure,) = found
    assert figure["kind"] == row["kind"]
    for column in ("value", "value_min", "value_max"):
        if row[column] or figure[column]:
            assert math.isclose(float(figure[column]), float(row[column])), column
    for column in ("unit", "date", "qualifier"):
        assert figure[column] == row[column], column
    if row["speaker"]:
        assert figure["speaker"] == row["speaker"]
    assert SOURCES[row["file"]][span.start:span.end] == figure["text"]


def test_dev_half_of_the_dev_set():
    """The development half (tests/fixtures/figures/dev): the issue's targets.
    The held-out half is scored by scripts/benchmark_figures.py --heldout."""
    texts = [read_annotated(p) for p in DEV]
    assert len({t.style for t in texts}) == 7
    result = score_annotated(texts, extract)
    assert result.figures >= 150 and result.non_figures >= 50
    assert result.precision >= 0.97, result.false_positives
    assert result.recall >= 0.97, result.missed
    assert result.value_right >= 0.97 * result.true_positives, result.wrong_values
    assert result.non_figures_taken <= 0.01 * result.non_figures, result.taken
    assert result.subjects_right >= 0.9 * result.subjects, result.wrong_subjects


def test_held_out_half_of_the_dev_set():
    """The held-out half (tests/fixtures/figures/heldout), written first and
    scored once the rules were done; kept as a regression check, never tuned on."""
    texts = [read_annotated(p) for p in sorted((FIXTURES / "figures" / "heldout").glob("*.ann"))]
    result = score_annotated(texts, extract)
    assert result.figures >= 150 and result.non_figures >= 50
    assert result.precision >= 0.97 and result.recall >= 0.97, (result.false_positives, result.missed)
    assert result.value_right >= 0.97 * result.true_positives, result.wrong_values
    assert result.non_figures_taken <= 0.01 * result.non_figures, result.taken


def test_casualty_figures_belong_to_the_interviewer_with_their_subjects():
    rows = [f for f in FIGURES["theworld-2021-06-11-khalilzad.txt"] if f["text"] in ("45,000", "111,000", "2,300")]
    assert [(f["speaker"], f["subject"]) for f in rows] == [
        ("Marco Werman", "Afghan security forces"),
        ("Marco Werman", "civilians"),
        ("Marco Werman", "US troops' fatalities"),
    ]
    assert all("45,000 Afghan security forces" in f["sentence"] for f in rows)


def test_narration_figures_have_no_speaker():
    caption = FIGURES["theworld-2021-06-11-khalilzad.txt"][0]
    assert caption["text"] == "May 20, 2021" and caption["speaker_id"] == "" and caption["turn_id"] == ""


# --- the table of non-figures: every rule has examples that it stops, and keeps that it must not stop
RULES = [(rule.id, example) for rule in F.NOT_FIGURES for example in rule.examples]
KEEPS = [(rule.id, keep) for rule in F.NOT_FIGURES for keep in rule.keeps]


def test_every_rule_has_a_reason_examples_and_keeps():
    assert len({r.id for r in F.NOT_FIGURES}) == len(F.NOT_FIGURES)
    for rule in F.NOT_FIGURES:
        assert rule.reason and rule.examples and rule.keeps, rule.id


@pytest.mark.parametrize("rule, example", RULES, ids=[f"{r}:{e[:30]}" for r, e in RULES])
def test_non_figure_rule_examples(rule, example):
    assert extract(example) == [], rule


@pytest.mark.parametrize("rule, keep", KEEPS, ids=[f"{r}:{k[:30]}" for r, k in KEEPS])
def test_non_figure_rules_do_not_reach_too_far(rule, keep):
    assert len(extract(keep)) == 1, rule


def test_timecodes_never_become_figures_in_any_fixture():
    from companion.timecodes import TIMECODE

    for path in [*sorted((FIXTURES / "figures").glob("*/*.ann")), *sorted(FIXTURES.glob("*.txt"))]:
        text = read_annotated(path).text if path.suffix == ".ann" else path.read_text(encoding="utf-8")
        for line in text.splitlines():
            for figure in extract(line):
                for m in TIMECODE.finditer(line):
                    overlaps = m.start() < figure.end and figure.start < m.end()
                    assert not overlaps or figure.kind == "time", (path.name, line)


# --- the vocabularies and the schema agree
def test_unit_vocabulary_matches_the_schema():
    units = {*F._UNITS["duration"], *F._UNITS["measure"], *F._UNITS["percent"], *F._ZONES,
             *F.CURRENCY_SIGNS.values(), *F.CURRENCY_CODES, *(c for c in F.CURRENCY_WORDS.values() if c), "lb"}
    assert units == set(enum("figures", "unit"))


def test_kinds_rules_and_columns_match_the_schema():
    assert set(enum("figures", "kind")) >= {"measure", "time"}
    assert set(enum("figures", "date_resolution")) == {"explicit", "from_broadcast_date", "from_context", "unresolved"}
    assert {"time", "date_resolution"} <= set(field_names("figures"))
    source = Path(F.__file__).read_text(encoding="utf-8")
    for rule in enum("figures", "rule"):
        assert f'"{rule}"' in source, rule
    fields = set(F.Figure.__dataclass_fields__)
    assert {"time", "date_resolution"} <= fields


def test_every_figure_of_the_dev_set_uses_the_vocabularies():
    kinds, rules, units = set(enum("figures", "kind")), set(enum("figures", "rule")), set(enum("figures", "unit"))
    for path in DEV:
        doc = read_annotated(path)
        for line in doc.text.splitlines():
            for f in extract(line, doc.broadcast_date):
                assert f.kind in kinds and f.rule in rules and (f.unit is None or f.unit in units), f


# --- unit cases
@pytest.mark.parametrize(
    "text, expected",
    [
        ("It cost 3.5 million dollars.", ("3.5 million dollars", "money", 3.5e6, "USD")),
        ("Prices rose 7 per cent.", ("7 per cent", "percent", 7.0, "percent")),
        ("They waited forty-five minutes.", ("forty-five minutes", "duration", 45.0, "minute")),
        ("A loan of €2bn was agreed.", ("€2bn", "money", 2e9, "EUR")),
        ("Some 300 afghanis a day.", ("300 afghanis", "money", 300.0, "AFN")),
        ("Roughly 2/3 agreed.", ("2/3", "fraction", 2 / 3, None)),
        ("The wall is 4.5 meters high.", ("4.5 meters", "measure", 4.5, "m")),
        ("They shipped 300 tonnes of grain.", ("300 tonnes", "measure", 300.0, "tonne")),
        ("Fires burned 18 million hectares.", ("18 million hectares", "measure", 18e6, "hectare")),
        ("It was 10 kilometers deep.", ("10 kilometers", "measure", 10.0, "km")),
        ("A magnitude 6.8 quake hit.", ("magnitude 6.8", "measure", 6.8, "magnitude")),
        ("It fell to minus 5 degrees Celsius.", ("minus 5 degrees Celsius", "measure", -5.0, "degree_celsius")),
        ("They paid 5 million Canadian dollars.", ("5 million Canadian dollars", "money", 5e6, "CAD")),
        ("It cost C$40 million.", ("C$40 million", "money", 4e7, "CAD")),
        ("A fee of £450m was set.", ("£450m", "money", 4.5e8, "GBP")),
        ("Rates fell 25 basis points.", ("25 basis points", "percent", 25.0, "basis_point")),
        ("Two and a half years passed.", ("Two and a half years", "duration", 2.5, "year")),
        ("A quarter of a million people.", ("A quarter of a million", "count", 250000.0, None)),
    ],
)
def test_number_styles(text, expected):
    (figure,) = extract(text)
    assert (figure.text, figure.kind, figure.value, figure.unit) == expected


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("Thousands of people marched.", 1e3, 1e6),
        ("tens of millions of people", 1e7, 1e8),
        ("hundreds of thousands of homes", 1e5, 1e6),
        ("dozens of boats", 24, 144),
        ("billions and billions of years", 1e9, 1e12),
        ("between 30 to 40 a day", 30, 40),
        ("It takes 1-2 years.", 1, 2),
        ("between $13 billion and $14 billion", 13e9, 14e9),
        ("a few hundred people", 200, 500),
        ("several thousand dollars", 3000, 9000),
    ],
)
def test_ranges_are_one_figure(text, low, high):
    (figure,) = extract(text)
    assert (figure.is_range, figure.value, figure.value_min, figure.value_max) == (True, None, low, high)


def test_money_whose_currency_is_a_word_or_unsaid():
    (owed,) = extract("The firm owed billions when it collapsed.")
    assert (owed.kind, owed.unit, owed.value_min) == ("money", None, 1e9)
    (over,) = extract("They paid over 1 billion US dollars.")
    assert (over.kind, over.unit, over.value, over.value_min, over.qualifier) == ("money", "USD", 1e9, 1e9, "over")
    (rupees,) = extract("It cost 2 billion rupees.")
    assert (rupees.kind, rupees.unit) == ("money", None)  # Indian, Pakistani, Nepalese? The text does not say.


@pytest.mark.parametrize(
    "text, qualifier",
    [("maybe 60% of them", "maybe"), ("every 20 years or so", "or so"), ("roughly $13 million", "roughly"),
     ("upwards of 500 people", "upwards of"), ("north of 200 cases", "north of"), ("perhaps 40 people", "perhaps"),
     ("some 300 people", "some"), ("give or take 10 days", "give or take")],
)
def test_hedges(text, qualifier):
    (figure,) = extract(text)
    assert figure.qualifier == qualifier and figure.is_approximate
    assert figure.subject is None or qualifier not in figure.subject.lower()


def test_hedges_are_never_the_subject():
    (money,) = extract("Somewhere around $450,000.")
    assert money.qualifier == "somewhere around" and money.subject is None
    (count,) = extract("It was 13 million, or roughly so.")
    assert count.subject is None


def test_clock_times():
    (a, b) = extract("MAY 22, 20245:39 AM ET")
    assert (a.date, b.time, b.unit) == ("2024-05-22", "05:39", "ET")
    (t,) = extract("Coverage continues at 15:30 ET.")
    assert (t.kind, t.time, t.unit) == ("time", "15:30", "ET")
    (pm,) = extract("It starts at 3 p.m.")
    assert (pm.kind, pm.time) == ("time", "15:00")
    assert extract("The video is 07:09 long.") == []


def test_dates_resolve_by_tense_and_context():
    october = dt.date(2021, 10, 10)
    (riot,) = extract("On January 6, rioters stormed the Capitol.", october)
    assert (riot.date, riot.date_resolution) == ("2021-01-06", "from_broadcast_date")
    (plain,) = extract("The report is on January 6.", october)
    assert plain.date == "2022-01-06"  # no sign: the nearest
    (nxt,) = extract("We meet next September.", october)
    assert nxt.period_start == "2022-09-01"
    (last,) = extract("We met last January.", october)
    assert last.period_start == "2021-01-01"
    (will,) = extract("By Dec. 30 it will be over.", dt.date(2022, 1, 2))
    assert will.date == "2022-12-30"
    (unresolved,) = extract("By Dec. 30 it will be over.")
    assert unresolved.date is None and unresolved.rule == "written_date_no_year" and unresolved.date_resolution == "unresolved"
    (numeric,) = extract("Filed on 6/11/2021 in court.")
    assert numeric.date == "2021-06-11" and numeric.date_resolution == "explicit"
    (iso,) = extract("It takes effect on 2024-03-14.")
    assert (iso.kind, iso.date) == ("date", "2024-03-14")


def test_decades():
    (short,) = extract("Back in the '80s it was different.", dt.date(2024, 1, 1))
    assert (short.kind, short.value, short.period_end, short.date_resolution) == ("decade", 1980, "1989-12-31", "from_broadcast_date")
    (apostrophe,) = extract("In the 1990's it grew.")
    assert (apostrophe.kind, apostrophe.value) == ("decade", 1990)
    (full,) = extract("In the 2010s it grew.")
    assert (full.value, full.date_resolution) == (2010, "explicit")


@pytest.mark.parametrize(
    "text",
    ["No. 1, between the two sides.", "Two, they have visions.", "One wonders why.", "at one point", "Part one is above.",
     "No. ... The war", "one of the largest", "the two sides", "UNIDENTIFIED PERSON #2 spoke", "a third time",
     "in the 21st century", "since COVID-19 began", "an F-16 flew over", "a third-generation Cuban-American",
     "the two-state solution", "A hundred percent, I agree.", "zero tolerance", "from one day to the other",
     "the other half of the problem", "Two things. First, the money.", "episode 214", "Node 12", "moved to 10.x",
     "call +44 20 7946 0958", "-2+3", "see example.com/page2021", "[29:32]", "00:16:37.19", "07:09"],
)
def test_non_figures(text):
    assert extract(text) == []


def test_ranges_and_bounds():
    (r,) = extract("It took two to three months.")
    assert (r.is_range, r.value, r.value_min, r.value_max, r.unit) == (True, None, 2.0, 3.0, "month")
    (b,) = extract("more than 100 million people")
    assert (b.value, b.value_min, b.value_max, b.qualifier, b.is_approximate) == (1e8, 1e8, None, "more than", True)


def test_a_long_paragraph_is_read_in_one_pass():
    """Sentences are found once per text (the old extractor searched a growing
    prefix for each figure); a long one-line paragraph gives the same figures
    as its sentences one by one."""
    sentence = "About 40 people paid $5 each on May 3, and 12% left after 2 hours. "
    one_line = sentence * 400
    figures = extract(one_line, dt.date(2024, 6, 1))
    assert len(figures) == 5 * 400
    assert all(f.sentence == sentence.strip() for f in figures[:10])


def test_sentence_is_bounded_on_a_line_without_sentence_ends():
    # One unpunctuated line: each figure's sentence must not be the whole line.
    from companion.figures import SENTENCE_REACH, extract

    text = " ".join(f"we counted {n} boats" for n in range(10, 2010))
    found = extract(text)
    assert len(found) > 1000
    assert all(len(f.sentence) <= 2 * SENTENCE_REACH + 20 for f in found)
    assert all(f.text in f.sentence and f.sentence in text for f in found)


# --- causes the blind set found (issue 10, second round); sentences written for these tests
@pytest.mark.parametrize(
    "text",
    ["Fire broke out in the 700 block of Main.", "It is at 714 North 7th Street.", "Mail it to Austin, TX 78701.",
     "Call 911 right away.", "The 311 line was busy.", "Press extension 4 now.", "Tune to 91.9 FM tonight.",
     "Use access code 4471902 to listen.", "Those with Type 2 diabetes should ask.", "She races in Formula 1 cars.",
     "Meet me at the 7-Eleven.", "That's KVTX News at Six.", "They beat Houston 7 to 3 on Sunday.",
     "The council voted 6 to 1 last night.", "We outrebounded them 52 to 38.", "Final: Hawks 112, Pines 98.",
     "We've won nine of our last 10.", "The Pines came in at 22-23.", "They were 0-6 against good teams.",
     "That's his fifth three of the night.", "And two, the schools reopen.", "Two answers. First, the cost.",
     "Thanks, June.", "Shot clock at 5.", "He went 5 for 8 from the field."],
)
def test_numbers_in_names_scores_and_discourse_are_not_figures(text):
    assert extract(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Revenue may grow 1.5% to 2%.", ("1.5% to 2%", "percent", None, 1.5, 2.0, "percent")),
        ("About 6 or 7 people stayed.", ("6 or 7", "count", None, 6.0, 7.0, None)),
        ("Winds blew at 60 miles an hour.", ("60 miles an hour", "measure", 60.0, None, None, "mph")),
        ("Eat less than 2,300 milligrams a day.", ("2,300 milligrams", "measure", 2300.0, None, 2300.0, "mg")),
        ("He served 23 consecutive years.", ("23 consecutive years", "duration", 23.0, None, None, "year")),
        ("It finished in under eight hours.", ("eight hours", "duration", 8.0, None, 8.0, "hour")),
        ("The gap was almost a mile wide.", ("a mile", "measure", 1.0, None, None, "mile")),
        ("Expect a high of 104 tomorrow.", ("104", "measure", 104.0, None, None, "degree_fahrenheit")),
        ("The heat index hit 110 degrees.", ("110 degrees", "measure", 110.0, None, None, "degree_fahrenheit")),
        ("Air temperatures reached 41 degrees.", ("41 degrees", "measure", 41.0, None, None, "degree")),
        ("He is listed at 7 feet and 245 pounds.", ("245 pounds", "measure", 245.0, None, None, "lb")),
        ("Earnings were $1.27, against 87 cents.", ("87 cents", "money", 0.87, None, None, "USD")),
    ],
)
def test_ranges_units_and_bounds_of_the_second_round(text, expected):
    figure = extract(text)[-1]
    assert (figure.text, figure.kind, figure.value, figure.value_min, figure.value_max, figure.unit) == expected


def test_a_change_from_one_figure_to_another_is_two_figures():
    (before, after) = extract("Headcount goes from 47,800 to 48,100 this year.")
    assert (before.value, after.value, before.is_range) == (47800, 48100, False)
    (share, rate) = extract("Its share fell from 52 to 38 percent.")
    assert (share.text, share.kind, share.unit, rate.value) == ("52", "percent", "percent", 38)


def test_a_bare_number_takes_the_unit_of_the_figure_before_it():
    months, three = extract("It took eight months, and I said it would take three.")
    assert (three.kind, three.unit, three.rule) == ("duration", "month", "unit_from_context")
    _, people = extract("It took eight months, and 3 of us quit.")
    assert people.kind == "count"


def test_blood_pressure_readings():
    (top, bottom) = extract("A normal reading is 120 over 80 or lower.")
    assert [(f.value, f.unit, f.qualifier) for f in (top, bottom)] == [(120, "mmHg", None), (80, "mmHg", None)]
    votes = extract("They won 120 over 80 votes.")
    assert votes[-1].kind == "count"


def test_spoken_clock_times():
    (late,) = extract("It's half past 10 at night here.")
    assert (late.kind, late.time) == ("time", "22:30")
    (early,) = extract("Call at quarter to three in the afternoon.")
    assert early.time == "14:45"
    (noon,) = extract("We met at noon.")
    assert noon.time == "12:00"
    assert extract("See you at half past ten.") == []  # the half of the day is not said
    (around,) = extract("The call came in around 2:40 p.m.")
    assert (around.time, around.qualifier, around.is_approximate) == ("14:40", "around", True)
    (rng,) = extract("We had ten to twelve people.")
    assert (rng.kind, rng.value_min, rng.value_max) == ("count", 10, 12)


def test_hedges_that_are_questions_are_not_hedges():
    (year,) = extract("What about 2100?")
    assert (year.kind, year.qualifier) == ("year", None)


def test_spoken_and_two_digit_years_and_decades():
    broadcast = dt.date(2024, 2, 26)
    (hoover,) = extract("Hoover was elected in '28.", broadcast)
    assert (hoover.kind, hoover.value, hoover.date_resolution) == ("year", 1928, "from_broadcast_date")
    (ahead,) = extract("We will win it by '28.", broadcast)
    assert ahead.value == 2028
    (month,) = extract("It was January of '83.", broadcast)
    assert (month.kind, month.period_start) == ("month", "1983-01-01")
    (spoken,) = extract("She was born in nineteen twenty-six.", broadcast)
    assert (spoken.kind, spoken.value) == ("year", 1926)
    (forties,) = extract("Back in the forties it was quiet.", broadcast)
    assert (forties.kind, forties.value) == ("decade", 1940)
    assert extract("She is in her eighties.", broadcast) == []
    assert extract("Highs in the eighties today.", broadcast) == []
    (alone,) = extract("The city boomed in the '20s.", broadcast)  # 1920s or 2020s: not guessed
    assert (alone.value, alone.date_resolution) == (None, "unresolved")
    (_, placed) = extract("It had begun in the 1910s and boomed in the '20s.", broadcast)
    assert (placed.value, placed.period_start) == (1920, "1920-01-01")


def test_dates_take_the_year_a_story_set_and_never_a_guess():
    broadcast = dt.date(2024, 2, 26)
    (_, levee) = extract("The river had been rising since August 1926. Then on April 21, the levee broke.", broadcast)
    assert (levee.date, levee.date_resolution, levee.rule) == ("1927-04-21", "from_context", "written_date_from_context")
    (_, night) = extract("The oldest was born in 1908. She told me about the night of May 1.", broadcast)
    assert (night.date, night.date_resolution) == (None, "unresolved")  # 1908 dates a person, not the story
    (_, arrest) = extract("Crime has fallen since 1990. On March 3, police arrested two men.", broadcast)[:2]
    assert (arrest.date, arrest.date_resolution) == ("2023-03-03", "from_broadcast_date")  # past: the last March 3
    rain = extract("That is 3 degrees above the old record, set in 2007. Rain returned on September 8.", broadcast)[-1]
    assert rain.date == "2023-09-08"  # a year in passing does not set the story



def test_dates_by_the_tense_of_their_own_clause():
    broadcast = dt.date(2024, 6, 1)
    (march, _) = extract("The plan, announced in March, will cut 400 jobs.", broadcast)
    assert march.period_start == "2024-03-01"
    (launch,) = extract("The launch is set for no earlier than March.", broadcast)
    assert launch.period_start == "2025-03-01"
    (this_year,) = extract("In 1995 it began; in March this year it ended.", broadcast)[1:]
    assert this_year.period_start == "2024-03-01"


def test_a_context_carries_a_story_and_a_year_from_paragraph_to_paragraph():
    broadcast = dt.date(2024, 7, 8)
    context = F.Context()
    extract("In 1869, a veteran led nine men down the river.", broadcast, context)
    (set_out, _) = extract("They set out on May 24 with four boats.", broadcast, context)
    assert (set_out.date, set_out.date_resolution) == ("1869-05-24", "from_context")
    (alone, _) = extract("They set out on May 24 with four boats.", broadcast)
    assert alone.date == "2024-05-24"  # without the paragraph before, the nearest
    answer = F.Context()
    extract("You also raised prices this year.", dt.date(2024, 12, 2), answer)
    (march, september) = extract("In March and again in September.", dt.date(2024, 12, 2), answer)
    assert (march.period_start, september.period_start) == ("2024-03-01", "2024-09-01")


def test_subjects_end_at_their_noun():
    for text, subject in [("Some 200 volunteers walking the route.", "volunteers"),
                          ("The shelter took in 212 people overnight.", "people"),
                          ("About 40 million people depend on it.", "people"),
                          ("There are 37 teaching jobs open.", "teaching jobs")]:
        assert extract(text)[0].subject == subject, text


def test_a_season_or_fiscal_year_written_with_two_digits_is_a_span_of_years():
    (season,) = extract("The 2024-25 season starts soon.")
    assert (season.kind, season.value_min, season.value_max, season.period_end) == ("year", 2024, 2025, "2025-12-31")
    assert extract("They won 3-1 at home.") == []
