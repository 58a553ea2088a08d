"""Indicative budgets (C7, W3): from assessed needs to a ball-park figure, through a band table.

The Indicative Budget Tool rates each of the ten eligibility outcomes of the Care and
Support (Eligibility Criteria) Regulations 2014, reg. 2(2), for severity; the points fall
into a band with a weekly amount. The Carers Conversation adds the level of the caring role
to its impact on the carer's wellbeing (0-3 each) for a suggested yearly carer's budget.

The numbers are configuration, never code: ``caretui/forms/budget_bands.toml``, or
``budget_bands.toml`` in the caretui config folder when a council sets its own. Every
result carries the table's label saying it is indicative: the guide says the person must be
told the amount may change with the agreed outcomes and their financial contribution,
possibly to £0, and that it only informs support planning.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "NO_SIGNIFICANT_IMPACT",
    "OUTCOMES",
    "SEVERITIES",
    "Band",
    "BandTable",
    "BandTableError",
    "CarersBudget",
    "IndicativeBudget",
    "carers_budget",
    "carers_eligibility_indicated",
    "indicative_budget",
    "load_band_table",
    "parse_band_table",
]

OUTCOMES: tuple[tuple[str, str], ...] = (
    ("nutrition", "Managing and maintaining nutrition"),
    ("hygiene", "Maintaining personal hygiene"),
    ("toilet", "Managing toilet needs"),
    ("clothed", "Being appropriately clothed"),
    ("home_safely", "Being able to make use of the home safely"),
    ("habitable_home", "Maintaining a habitable home environment"),
    ("relationships", "Developing and maintaining family or other personal relationships"),
    ("work_learning", "Accessing and engaging in work, training, education or volunteering"),
    ("community", "Making use of necessary facilities or services in the local community"),
    ("caring_for_child", "Carrying out any caring responsibilities for a child"),
)
"""The eligibility outcomes, by the field key the Indicative Budget Tool spec gives each."""

SEVERITIES = ("None", "Low", "Moderate", "Substantial", "Critical")
"""How severely the person is unable to achieve an outcome; None means they achieve it."""

WELLBEING_FIELD = "wellbeing_impact"
NO_SIGNIFICANT_IMPACT = "No significant impact"

CARER_OUTCOME_FIELDS = (
    "able_child_care",
    "able_care_others",
    "able_habitable_home",
    "able_nutrition",
    "able_relationships",
    "able_work_learning",
    "able_community",
    "able_recreation",
)
"""The carer's outcomes (reg. 3(3)), each answered "Yes" (able) or "No" on the carers forms."""
NONE_OF_THESE = "None of these options apply"


class BandTableError(ValueError):
    """A band table that cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class Band:
    name: str
    max_points: int | None
    """The most points this band covers; None on the last band (everything above)."""
    weekly: Decimal


@dataclass(frozen=True)
class BandTable:
    label: str
    points: Mapping[str, int]
    bands: tuple[Band, ...]
    weights: Mapping[str, Decimal]
    min_outcomes: int = 2
    weeks_per_year: int = 52
    carers_label: str = ""
    carers_amounts: tuple[Decimal, ...] = ()
    source: str = "built in"


@dataclass(frozen=True)
class IndicativeBudget:
    """The indicative weekly amount for the outcomes rated; always shown with ``label``."""

    points: int
    band: str
    weekly_amount: Decimal
    annual_amount: Decimal
    label: str
    eligible: bool
    outcomes_unable: int
    reason: str = ""

    @property
    def sentence(self) -> str:
        if not self.eligible:
            return f"Indicative budget: £0 a week. {self.reason}"
        return (
            f"Indicative budget: £{self.weekly_amount:,.2f} a week "
            f"(£{self.annual_amount:,.2f} a year), band {self.band}, {self.points} points."
        )


@dataclass(frozen=True)
class CarersBudget:
    """The suggested carer's budget; ``shown`` is False until funds are said to be needed."""

    score: int | None
    amount: Decimal
    label: str
    shown: bool
    eligibility_indicated: bool
    reason: str = ""

    @property
    def sentence(self) -> str:
        decision = f"Eligibility {'' if self.eligibility_indicated else 'not '}indicated."
        if not self.shown:
            return f"{decision} {self.reason}".strip()
        return f"{decision} Suggested budget: £{self.amount:,.2f} a year."


# --- the table --------------------------------------------------------------------------------


def _money(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise BandTableError(f"{where}: {value!r} is not an amount of money") from None
    if not amount.is_finite() or amount < 0:
        raise BandTableError(f"{where}: {value!r} is not an amount of money")
    return amount


def parse_band_table(text: str, source: str = "built in") -> BandTable:
    """A band table from TOML text; :class:`BandTableError` says what is wrong with it."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BandTableError(f"{source}: {exc}") from exc
    try:
        label = str(raw["label"])
        points = {str(k): int(v) for k, v in raw["points"].items()}
        bands = tuple(
            Band(
                name=str(b["name"]),
                max_points=None if b.get("max_points") is None else int(b["max_points"]),
                weekly=_money(b["weekly"], f"{source}: band {b['name']}"),
            )
            for b in raw["bands"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, BandTableError):
            raise
        raise BandTableError(
            f"{source}: needs a label, [points] and [[bands]] with name, max_points and "
            f"weekly ({exc})"
        ) from exc
    if not bands:
        raise BandTableError(f"{source}: there are no bands")
    limits = [b.max_points for b in bands[:-1]]
    if None in limits:
        raise BandTableError(f"{source}: only the last band may leave out max_points")
    if limits != sorted(limits) or len(set(limits)) != len(limits):
        raise BandTableError(f"{source}: bands must be in order of max_points")
    if bands[-1].max_points is not None and limits and bands[-1].max_points <= limits[-1]:
        raise BandTableError(f"{source}: bands must be in order of max_points")
    carers = raw.get("carers", {})
    return BandTable(
        label=label,
        points=points,
        bands=bands,
        weights={
            str(k): _money(v, f"{source}: weight {k}") for k, v in raw.get("weights", {}).items()
        },
        min_outcomes=int(raw.get("min_outcomes", 2)),
        weeks_per_year=int(raw.get("weeks_per_year", 52)),
        carers_label=str(carers.get("label", label)),
        carers_amounts=tuple(
            _money(a, f"{source}: carers amount") for a in carers.get("amounts", ())
        ),
        source=source,
    )


@cache
def _built_in() -> BandTable:
    text = (resources.files("caretui.forms") / "budget_bands.toml").read_text(encoding="utf-8")
    return parse_band_table(text)


@cache
def _from_file(path: str, modified_ns: int) -> BandTable:
    return parse_band_table(Path(path).read_text(encoding="utf-8"), source=path)


def load_band_table(config_folder: Path | None = None) -> BandTable:
    """The council's table (``budget_bands.toml`` in the config folder) or the built-in one.

    ``config_folder`` defaults to caretui's config folder. The file is read again only when
    it changes, so a form can ask on every keystroke. A council file that cannot be used
    raises :class:`BandTableError` rather than quietly falling back: a wrong figure shown
    to a family is worse than none.
    """
    if config_folder is None:
        from caretui.config import config_dir

        config_folder = config_dir()
    local = config_folder / "budget_bands.toml"
    try:
        modified = local.stat().st_mtime_ns
    except OSError:
        return _built_in()
    return _from_file(str(local), modified)


# --- the Indicative Budget Tool ------------------------------------------------------------------


def indicative_budget(
    answers: Mapping[str, Any], table: BandTable | None = None
) -> IndicativeBudget:
    """The band and amounts for the severities rated on an Indicative Budget Tool form.

    Each outcome scores the points of its severity (times its weight, if the council weights
    outcomes). As the eligibility regulations require, needs are eligible only when the
    person cannot achieve at least ``min_outcomes`` outcomes (two) and there is, as a
    consequence, a significant impact on their wellbeing; otherwise the amount is £0.
    Unanswered outcomes count as None, so the figure can be shown while the form is filled.
    """
    table = table or load_band_table()
    total = Decimal(0)
    unable = 0
    for key, _label in OUTCOMES:
        severity = str(answers.get(key) or "None")
        points = table.points.get(severity, 0)
        if points > 0:
            unable += 1
        total += points * table.weights.get(key, Decimal(1))
    points = int(total.to_integral_value())
    reason = ""
    if unable < table.min_outcomes:
        reason = (
            f"Needs are eligible only when at least {table.min_outcomes} outcomes cannot be "
            f"achieved; {unable} {'is' if unable == 1 else 'are'} rated."
        )
    elif answers.get(WELLBEING_FIELD) == NO_SIGNIFICANT_IMPACT:
        reason = "There is no significant impact on wellbeing, so the needs are not eligible."
    if reason:
        return IndicativeBudget(
            points=points,
            band="none",
            weekly_amount=Decimal("0.00"),
            annual_amount=Decimal("0.00"),
            label=table.label,
            eligible=False,
            outcomes_unable=unable,
            reason=reason,
        )
    band = next(
        (b for b in table.bands if b.max_points is None or points <= b.max_points),
        table.bands[-1],
    )
    weekly = band.weekly.quantize(Decimal("0.01"))
    return IndicativeBudget(
        points=points,
        band=band.name,
        weekly_amount=weekly,
        annual_amount=(weekly * table.weeks_per_year).quantize(Decimal("0.01")),
        label=table.label,
        eligible=True,
        outcomes_unable=unable,
    )


# --- the Carers Conversation -------------------------------------------------------------------


def carers_eligibility_indicated(answers: Mapping[str, Any]) -> bool:
    """As the carers form shows it: an outcome not achieved, health at risk, wellbeing hit.

    A carer is eligible when, because of caring, they cannot achieve one or more outcomes
    (an outcome about other people they care for counts only if there are such people),
    their physical or mental health is, or is at risk of, deteriorating, and as a
    consequence there is a significant impact on their wellbeing. The rule itself, with the
    regulation it follows, is :mod:`caretui.rules.carers`.
    """
    from caretui.rules.carers import eligibility_indicated

    return eligibility_indicated(answers)


def _level(value: Any) -> int | None:
    try:
        level = int(str(value).split(":", 1)[0].strip())
    except ValueError:
        return None
    return level if 0 <= level <= 3 else None


def carers_budget(answers: Mapping[str, Any], table: BandTable | None = None) -> CarersBudget:
    """The suggested yearly carer's budget from the level of caring role and its impact.

    It appears only when the practitioner says funds are needed to meet the carer's
    outcomes: an eligible carer's outcomes can often be met without money.
    """
    table = table or load_band_table()
    indicated = carers_eligibility_indicated(answers)
    level = _level(answers.get("level_of_caring_role"))
    impact = _level(answers.get("impact_on_wellbeing"))
    score = None if level is None or impact is None else level + impact
    zero = Decimal("0.00")
    if answers.get("funds_required") != "Yes":
        return CarersBudget(
            score, zero, table.carers_label, False, indicated, "No funds needed: no budget."
        )
    if score is None:
        return CarersBudget(
            None,
            zero,
            table.carers_label,
            False,
            indicated,
            "Choose the level of the caring role and its impact to see a suggested budget.",
        )
    amounts = table.carers_amounts
    amount = amounts[min(score, len(amounts) - 1)] if amounts else zero
    return CarersBudget(
        score, amount.quantize(Decimal("0.01")), table.carers_label, True, indicated
    )
