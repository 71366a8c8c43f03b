"""English number words and digit strings to values."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
DOZEN = 12
NUMBER_WORDS = sorted([*UNITS, *SCALES, "dozen"], key=len, reverse=True)
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "twentieth", "hundredth"]
_FRACTION_OF = {"half": 0.5, "quarter": 0.25, "third": 1 / 3}


def words_to_number(words: str) -> float | None:
    """'forty-five thousand' -> 45000, 'a trillion' -> 1e12, 'a dozen' -> 12,
    'two and a half' -> 2.5, 'a quarter of a million' -> 250000,
    'half a million' -> 500000; None if not a number."""
    text = " ".join(words.lower().replace("-", " ").split())
    # "a quarter of a million", "half a million": a fraction of a scale.
    m = re.fullmatch(r"(?:an? |one )?(half|quarter|third)(?: of)?(?: an?| one)? (hundred|thousand|million|billion|trillion)", text)
    if m:
        return _FRACTION_OF[m[1]] * SCALES[m[2]]
    half = 0.0
    m = re.fullmatch(r"(.+?) and an? half(?: (hundred|thousand|million|billion|trillion))?", text)
    if m:
        # "two and a half" -> 2.5; "one and a half million" -> 1.5e6
        base = words_to_number(m[1])
        if base is None:
            return None
        scale = SCALES[m[2]] if m[2] else 1
        return (base + 0.5) * scale
    tokens = [t for t in text.split() if t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
    if "point" in tokens:  # "two point five"
        at = tokens.index("point")
        whole = words_to_number(" ".join(tokens[:at])) if at else 0.0
        decimals = [UNITS.get(t) for t in tokens[at + 1:]]
        if whole is None or not decimals or any(d is None or d > 9 for d in decimals):
            return None
        return float(f"{int(whole)}.{''.join(str(d) for d in decimals)}")
    total, current, seen = 0, 0, False
    for token in tokens:
        if token in UNITS:
            current += UNITS[token]
        elif token == "dozen":
            current = (current or 1) * DOZEN
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
        seen = True
    return float(total + current + half) if seen else None


def digits_to_number(text: str) -> float:
    """'45,000' -> 45000.0, '2.5' -> 2.5, '.289' -> 0.289."""
    return float(text.replace(",", ""))
