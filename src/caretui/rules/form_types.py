"""The form types a case can hold (C5, C6) and their lifecycle rules.

``unique``: the guide says most forms cannot be created again while one is In Progress
or Complete on the case. ``needs_manager``: Complete waits for a manager to close it.
``cld``: carries the Client Level Data "Office Use Only" section.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormType:
    key: str
    label: str
    unique: bool = True
    needs_manager: bool = False
    cld: bool = False


FORM_TYPES: tuple[FormType, ...] = (
    FormType("indicative_budget", "Indicative Budget Tool", needs_manager=True),
    FormType("adult_interim_support_plan", "Adult Interim Support Plan", True, True, True),
    FormType("carers_support_plan_review", "Carers Support Plan Review", True, True, True),
    FormType("adult_conversation_record", "Adult Conversation Record", True, True, True),
    FormType(
        "ot_conversation_record", "Occupational Therapy Conversation Record", True, False, True
    ),
    FormType("ot_review", "Occupational Therapy Review", True, False, True),
    FormType(
        "adult_care_support_plan_review", "Adult Care and Support Plan Review", True, True, True
    ),
    FormType("reablement_physio_input", "Reablement Physiotherapy Input Form", False, False, True),
    FormType("carers_conversation_record", "Carers Conversation Record", True, True, True),
    FormType(
        "ot_referral", "Occupational Therapy Referral (Secondary Allocation)", True, False, True
    ),
    FormType(
        "sensory_impairment_referral",
        "Sensory Impairment Referral (Secondary Allocation)",
        True,
        False,
        True,
    ),
    FormType(
        "reablement_outreach_referral",
        "Referral for Reablement Outreach/Discharge Support",
        True,
        False,
        True,
    ),
)

BY_KEY: dict[str, FormType] = {t.key: t for t in FORM_TYPES}


def form_type(key: str) -> FormType:
    try:
        return BY_KEY[key]
    except KeyError:
        raise ValueError(f"There is no form type '{key}'.") from None


def form_label(key: str) -> str:
    known = BY_KEY.get(key)
    return known.label if known else key.replace("_", " ").title()
