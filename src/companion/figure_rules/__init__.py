"""The figure extractor's vocabularies and its table of non-figures, as data
files next to this module (shipped as package data): units, currencies,
hedges, scale words and the patterns of numbers that are not figures."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def load(name: str):
    """The parsed YAML file `name`.yaml of this folder."""
    return yaml.safe_load(resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8"))
