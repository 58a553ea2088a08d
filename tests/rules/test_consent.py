"""Consent (R2): its nature, the lawful basis without it, withdrawal, and the banner's line."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from caretui.rules.consent import (
    ConsentEvent,
    ConsentEventKind,
    ConsentNature,
    ConsentState,
    LawfulBasis,
    consent_event_problems,
    consent_status,
)

TODAY = date(2026, 4, 10)
GIVEN = ConsentEvent("given", date(2026, 3, 3), by="J. Patel", nature="written")


def test_no_history_means_consent_is_not_recorded() -> None:
    status = consent_status([])
    assert status.state is ConsentState.NOT_RECORDED
    assert status.summary == "Consent: not recorded"
    assert not status.may_proceed


def test_written_consent_shows_its_nature_and_the_date_it_was_confirmed() -> None:
    status = consent_status([GIVEN])
    assert status.state is ConsentState.GIVEN and status.may_proceed
    assert status.last_confirmed == date(2026, 3, 3)
    assert status.summary == "Consent: written, confirmed 3 Mar 2026"


def test_reconfirming_moves_the_confirmed_date_and_keeps_how_it_was_given() -> None:
    again = ConsentEvent(ConsentEventKind.RECONFIRMED, date(2026, 4, 1), by="J. Patel")
    status = consent_status([again, GIVEN])  # the history is read in date order
    assert (status.since, status.last_confirmed) == (date(2026, 3, 3), date(2026, 4, 1))
    assert status.nature is ConsentNature.WRITTEN
    assert status.summary == "Consent: written, confirmed 1 Apr 2026"


def test_consent_through_a_representative_names_them_and_what_they_are_to_the_person() -> None:
    daughter = replace(
        GIVEN,
        nature="representative",
        representative_name="Ruth Smith",
        representative_relationship="daughter, LPA health and welfare",
        to_share_information=False,
    )
    assert consent_status([daughter]).summary == (
        "Consent: through Ruth Smith (daughter, LPA health and welfare), confirmed 3 Mar 2026;"
        " not to sharing information"
    )
    problems = consent_event_problems(replace(daughter, representative_name=""), today=TODAY)
    assert list(problems) == ["representative_name"]
    problems = consent_event_problems(replace(GIVEN, nature="representative"), today=TODAY)
    assert set(problems) == {"representative_name", "representative_relationship"}


def test_other_means_are_described() -> None:
    other = replace(GIVEN, nature=ConsentNature.OTHER)
    assert list(consent_event_problems(other, today=TODAY)) == ["other_means"]
    assert consent_status([replace(other, other_means="Makaton")]).summary == (
        "Consent: other means (Makaton), confirmed 3 Mar 2026"
    )


def test_consent_given_needs_how_who_and_a_date_not_in_the_future() -> None:
    problems = consent_event_problems(ConsentEvent("given", None), today=TODAY)
    assert set(problems) == {"on", "by", "nature"}
    assert problems["by"] == "Say who obtained the consent."
    tomorrow = replace(GIVEN, on=date(2026, 4, 11))
    assert consent_event_problems(tomorrow, today=TODAY) == {
        "on": "The date cannot be in the future (today is 10 Apr 2026)."
    }
    assert consent_event_problems(GIVEN, today=TODAY) == {}
    assert list(consent_event_problems(ConsentEvent(None, TODAY), today=TODAY)) == ["kind"]


def test_an_entry_cannot_be_dated_before_the_last_one() -> None:
    earlier = replace(GIVEN, on=date(2026, 3, 1))
    problems = consent_event_problems(earlier, today=TODAY, history=[GIVEN])
    assert problems == {"on": "The last consent entry is dated 3 Mar 2026: this cannot be earlier."}


def test_no_consent_needs_a_lawful_basis_and_its_justification() -> None:
    none = ConsentEvent("no_consent", date(2026, 3, 3), by="A. Manager")
    assert list(consent_event_problems(none, today=TODAY)) == ["lawful_basis"]
    risk = replace(none, lawful_basis="safeguarding")
    assert list(consent_event_problems(risk, today=TODAY)) == ["justification"]
    risk = replace(risk, justification="Section 42 enquiry opened: financial abuse alleged.")
    assert consent_event_problems(risk, today=TODAY) == {}
    assert consent_status([none]).summary == (
        "No consent: proceeding on no recorded basis since 3 Mar 2026"
    )
    status = consent_status([risk])
    assert status.may_proceed and status.lawful_basis is LawfulBasis.SAFEGUARDING
    assert status.summary == "No consent: proceeding on safeguarding grounds since 3 Mar 2026"


def test_lacking_capacity_rests_on_a_best_interests_decision_made_first() -> None:
    capacity = ConsentEvent(
        "no_consent",
        date(2026, 3, 3),
        by="A. Manager",
        lawful_basis=LawfulBasis.LACKS_CAPACITY,
        justification="Advanced dementia; capacity assessment 1 Mar 2026.",
    )
    assert set(consent_event_problems(capacity, today=TODAY)) == {
        "best_interests_ref",
        "best_interests_on",
    }
    late = replace(capacity, best_interests_ref="BI-17", best_interests_on=date(2026, 3, 4))
    assert list(consent_event_problems(late, today=TODAY)) == ["best_interests_on"]
    made = replace(late, best_interests_on=date(2026, 3, 2))
    assert consent_event_problems(made, today=TODAY) == {}
    assert consent_status([made]).summary == (
        "No consent: proceeding on a best-interests decision (BI-17) since 3 Mar 2026"
    )


def test_withdrawal_shows_its_date_and_reason_where_known() -> None:
    withdrawn = ConsentEvent(
        "withdrawn", date(2026, 4, 5), by="J. Patel", reason="Family now providing care"
    )
    assert consent_event_problems(withdrawn, today=TODAY, history=[GIVEN]) == {}
    status = consent_status([GIVEN, withdrawn])
    assert status.state is ConsentState.WITHDRAWN and not status.may_proceed
    assert status.last_confirmed is None
    assert status.summary == "Consent withdrawn 5 Apr 2026: Family now providing care"
    no_reason = consent_status([GIVEN, replace(withdrawn, reason="")])
    assert no_reason.summary == "Consent withdrawn 5 Apr 2026 (no reason given)"


def test_only_consent_in_place_can_be_withdrawn_or_reconfirmed() -> None:
    withdrawn = ConsentEvent("withdrawn", date(2026, 4, 5), by="J. Patel")
    assert "record a refusal" in consent_event_problems(withdrawn, today=TODAY)["kind"]
    again = ConsentEvent("reconfirmed", date(2026, 4, 6), by="J. Patel")
    history = [GIVEN, withdrawn]
    assert (
        "record it as given" in consent_event_problems(again, today=TODAY, history=history)["kind"]
    )
    assert consent_event_problems(again, today=TODAY, history=[GIVEN]) == {}


def test_a_refusal_is_recorded_and_consent_given_later_replaces_it() -> None:
    refused = ConsentEvent("refused", date(2026, 3, 1), by="J. Patel")
    assert consent_event_problems(refused, today=TODAY) == {}
    assert consent_status([refused]).summary == "Consent refused 1 Mar 2026 (no reason given)"
    assert consent_status([refused, GIVEN]).state is ConsentState.GIVEN


def test_every_option_has_words_for_the_screen() -> None:
    for kind in (ConsentNature, LawfulBasis, ConsentEventKind):
        assert all(member.label for member in kind)
