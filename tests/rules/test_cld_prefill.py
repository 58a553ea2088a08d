"""The Client Level Data a carers form fills from the record and its earlier answers."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

from caretui.rules.carers import NO_FURTHER_ACTION, PURCHASE_SERVICE
from caretui.rules.cld_prefill import _cld_fields, cld_prefill

TABLE_FIELDS = {
    "gender": "cld_gender",
    "employment_status": "cld_employment_status",
    "ethnicity": "cld_ethnicity",
    "has_unpaid_carer": "cld_has_unpaid_carer",
    "method": "cld_method",
    "review_outcomes": "cld_review_outcomes",
    "nfa_reason": "cld_event_outcome",
    "purchase_service": "cld_event_outcome",
}


def test_every_mapped_value_is_one_of_its_cld_fields_options() -> None:
    text = (resources.files("caretui.forms") / "cld_prefill.toml").read_text(encoding="utf-8")
    fields = _cld_fields()
    for table, pairs in tomllib.loads(text).items():
        options = fields[TABLE_FIELDS[table]].choices
        wrong = {k: v for k, v in pairs.items() if v not in options}
        assert not wrong, (table, wrong)


def test_the_record_and_earlier_answers_fill_what_they_can() -> None:
    record = {
        "gender": "Female",
        "ethnicity": "Asian or Asian British - Pakistani",
        "employment_status": "Employed full time",
        "accommodation_status": "Tenant: private landlord",
        "has_unpaid_carer": "Unknown",
    }
    answers = {
        "cld_event_type": "Assessment",
        "eligible": "Yes",
        "method_of_contact": "Home visit",
        "next_actions": [PURCHASE_SERVICE],
    }
    assert cld_prefill(record, answers, started=date(2026, 11, 2)) == {
        "cld_gender": "Female",
        "cld_ethnicity": "Asian or Asian British: Pakistani",
        "cld_employment_status": "Paid: 16 or more hours a week",
        "cld_accommodation_status": "Tenant: private landlord",
        "cld_has_unpaid_carer": "Not known",
        "cld_eligible_needs": "Yes",
        "cld_method": "Face to face",
        "cld_event_outcome": "Progress to support planning or services",
        "cld_event_start": "2026-11-02",
    }


def test_what_the_record_does_not_say_is_left_to_ask() -> None:
    answers = {
        "cld_event_type": "Review",
        "gender_identity": "Prefer not to say",
        "outcomes_met": "Partially",
        "next_actions": [NO_FURTHER_ACTION],
        "nfa_reason": "Other (please specify)",
    }
    given = cld_prefill({"ethnicity": "Martian", "employment_status": ""}, answers)
    assert given == {"cld_gender": "Not stated", "cld_review_outcomes": "Partially achieved"}
