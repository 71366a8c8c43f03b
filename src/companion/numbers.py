"""English number words and digit strings to values."""

from __future__ import annotations

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1_000_000_000_000}
DOZEN = 12
NUMBER_WORDS = sorted([*UNITS, *SCALES, "dozen"], key=len, reverse=True)


def words_to_number(words: str) -> float | None:
    """'forty-five thousand' -> 45000, 'a trillion' -> 1e12, 'a dozen' -> 12; None if not a number."""
    tokens = [t for t in words.lower().replace("-", " ").split() if t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
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
    return float(total + current) if seen else None


def digits_to_number(text: str) -> float:
    """'45,000' -> 45000.0, '2.5' -> 2.5."""
    return float(text.replace(",", ""))
