"""Client Level Data answers a carers form can give itself (C8; seed 004; CLD.md).

The Office Use Only section asks for facts the record already holds (gender, ethnicity,
employment, accommodation, whether the person has an unpaid carer) and facts the form's
earlier answers settle (eligible needs, how the carer was met, the outcome of the next
actions). :func:`cld_prefill` gives each such answer as a CLD option, so the wizard asks
only for what is missing; the practitioner sees them and may change any. How record words
become CLD options is configuration (``caretui/forms/cld_prefill.toml``), not code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from caretui.rules.carers import NO_FURTHER_ACTION, PURCHASE_SERVICE
from caretui.rules.forms import Field, parse_spec

__all__ = ["RECORD_FACTS", "cld_prefill", "from_words"]

RECORD_FACTS = {
    "gender": "cld_gender",
    "ethnicity": "cld_ethnicity",
    "employment_status": "cld_employment_status",
    "accommodation_status": "cld_accommodation_status",
    "has_unpaid_carer": "cld_has_unpaid_carer",
}
"""The person record's facts and the CLD answers they fill."""


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@cache
def _mappings() -> dict[str, dict[str, str]]:
    path = resources.files("caretui.forms") / "cld_prefill.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {table: {_squash(k): str(v) for k, v in pairs.items()} for table, pairs in raw.items()}


@cache
def _cld_fields() -> dict[str, Field]:
    spec = parse_spec("cld", 'title = "Client Level Data"\n[[sections]]\ninclude = "cld"\n')
    return {f.key: f for f in spec.fields}


def from_words(table: str, key: str, words: Any) -> str | None:
    """The CLD option of field ``key`` that ``words`` mean, by ``table`` of the mapping
    file; None when they mean none of them (the practitioner answers)."""
    if not isinstance(words, str) or not words.strip():
        return None
    options = _cld_fields()[key].choices
    wanted = _squash(words)
    for option in options:  # already worded as the CLD option
        if _squash(option) == wanted:
            return option
    mapped = _mappings().get(table, {}).get(wanted)
    return mapped if mapped in options else None


def _event_outcome(answers: Mapping[str, Any], event: str) -> str | None:
    actions = answers.get("next_actions") or []
    actions = actions if isinstance(actions, list) else [actions]
    if NO_FURTHER_ACTION in actions:
        return from_words("nfa_reason", "cld_event_outcome", answers.get("nfa_reason"))
    if PURCHASE_SERVICE in actions:
        return from_words("purchase_service", "cld_event_outcome", event)
    return None


def cld_prefill(
    record: Mapping[str, Any], answers: Mapping[str, Any], *, started: date | None = None
) -> dict[str, str]:
    """CLD answers (by field key) that ``record`` (the person's facts, by the keys of
    :data:`RECORD_FACTS`) and the form's ``answers`` so far already give.

    Only answers that are one of their field's options are given; the rest stay for the
    practitioner. ``started`` is when the assessment or review began (the event start).
    """
    out: dict[str, str] = {}

    def put(key: str, value: str | None) -> None:
        if value is not None:
            out[key] = value

    for fact, key in RECORD_FACTS.items():
        put(key, from_words(fact, key, record.get(fact)))
    if "cld_gender" not in out:  # the equality question of the Person Details step
        put("cld_gender", from_words("gender", "cld_gender", answers.get("gender_identity")))
    event = str(answers.get("cld_event_type") or "")
    if event == "Assessment" and answers.get("eligible") in ("Yes", "No"):
        out["cld_eligible_needs"] = str(answers["eligible"])
    put("cld_method", from_words("method", "cld_method", answers.get("method_of_contact")))
    if event == "Review":
        put(
            "cld_review_outcomes",
            from_words("review_outcomes", "cld_review_outcomes", answers.get("outcomes_met")),
        )
    put("cld_event_outcome", _event_outcome(answers, event))
    if started is not None:
        out["cld_event_start"] = started.isoformat()
    return out
