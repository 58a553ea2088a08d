"""The indicative budget (C7): eligibility outcomes and their severity, through a band table.

The table is configuration (``caretui/forms/budget_bands.toml``, or ``budget_bands.toml``
in the config folder when a council sets its own), never code. The result is always
labelled indicative: the guide says it only informs support planning.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

OUTCOMES = (
    "nutrition",
    "hygiene",
    "toilet",
    "clothed",
    "home_safely",
    "habitable_home",
    "relationships",
    "work_learning",
    "community",
    "caring_for_child",
)
NOT_ELIGIBLE = "No significant impact"


@dataclass(frozen=True)
class Band:
    name: str
    max_points: int
    weekly: int


@dataclass(frozen=True)
class BandTable:
    label: str
    points: dict[str, int]
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class IndicativeBudget:
    points: int
    band: str
    weekly_amount: int
    label: str

    @property
    def annual_amount(self) -> int:
        return self.weekly_amount * 52

    @property
    def sentence(self) -> str:
        return (
            f"Indicative budget: band {self.band}, £{self.weekly_amount:,} a week "
            f"(£{self.annual_amount:,} a year), from {self.points} points."
        )


def parse_band_table(text: str) -> BandTable:
    raw = tomllib.loads(text)
    bands = tuple(Band(b["name"], int(b["max_points"]), int(b["weekly"])) for b in raw["bands"])
    if [b.max_points for b in bands] != sorted(b.max_points for b in bands):
        raise ValueError("budget bands must be in order of max_points")
    return BandTable(
        label=raw["label"], points={k: int(v) for k, v in raw["points"].items()}, bands=bands
    )


def load_band_table(config_folder: Path | None = None) -> BandTable:
    if config_folder is not None:
        local = config_folder / "budget_bands.toml"
        if local.exists():
            return parse_band_table(local.read_text(encoding="utf-8"))
    text = (resources.files("caretui.forms") / "budget_bands.toml").read_text(encoding="utf-8")
    return parse_band_table(text)


def indicative_budget(answers: dict[str, Any], table: BandTable) -> IndicativeBudget:
    """Points from each outcome's severity; no significant wellbeing impact means band A."""
    points = sum(table.points.get(str(answers.get(key) or "None"), 0) for key in OUTCOMES)
    if answers.get("wellbeing_impact") == NOT_ELIGIBLE:
        points = 0
    band = next((b for b in table.bands if points <= b.max_points), table.bands[-1])
    return IndicativeBudget(
        points=points, band=band.name, weekly_amount=band.weekly, label=table.label
    )
