"""The front door (R1): a new contact's fields, the screening decision, its CLD outcome."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from caretui.rules.referrals import (
    CLD_EVENT_OUTCOMES,
    ContactDraft,
    DeclineReason,
    InformMethod,
    Priority,
    ReferralSource,
    RouteOfAccess,
    ScreeningDecision,
    ScreeningOutcome,
    Urgency,
    cld_event_outcome,
    contact_problems,
    decline_problems,
    read_cld_event_outcome,
    screening_problems,
)
from caretui.rules.wording import as_member, squash

NOW = datetime(2026, 3, 3, 14, 30)

GOOD_CONTACT = ContactDraft(
    contact_date=date(2026, 3, 3),
    contact_time=time(9, 15),
    source="GP",
    referrer_name="Dr A. Okafor",
    referrer_contact="01924 302000",
    route="Community or other route",
    reason="Falls at home; daughter worried about managing stairs.",
    urgency="Normal",
)


def test_a_complete_contact_has_no_problems_and_starts_the_clock_at_its_date_and_time() -> None:
    assert contact_problems(GOOD_CONTACT, now=NOW) == {}
    assert GOOD_CONTACT.contact_at == datetime(2026, 3, 3, 9, 15)


def test_an_empty_contact_names_every_missing_field_in_words() -> None:
    problems = contact_problems(ContactDraft(), now=NOW)
    assert set(problems) == {"contact_date", "contact_time", "source", "route", "reason", "urgency"}
    assert "Care Act" in problems["contact_date"]
    assert "e.g. 14:30" in problems["contact_time"]


def test_the_time_of_contact_is_required_as_well_as_the_date() -> None:
    problems = contact_problems(replace(GOOD_CONTACT, contact_time=None), now=NOW)
    assert list(problems) == ["contact_time"]
    assert replace(GOOD_CONTACT, contact_time=None).contact_at is None


def test_a_contact_later_today_than_now_is_in_the_future() -> None:
    later = replace(GOOD_CONTACT, contact_time=time(14, 31))
    assert contact_problems(later, now=NOW) == {
        "contact_date": (
            "The initial contact cannot be in the future: it is now 14:30 on 3 Mar 2026."
        )
    }
    assert contact_problems(replace(GOOD_CONTACT, contact_time=time(14, 30)), now=NOW) == {}
    tomorrow = replace(GOOD_CONTACT, contact_date=date(2026, 3, 4), contact_time=None)
    assert set(contact_problems(tomorrow, now=NOW)) == {"contact_date", "contact_time"}
    assert "future" in contact_problems(tomorrow, now=NOW)["contact_date"]


def test_a_self_referral_needs_no_referrer_but_anyone_else_is_named_with_contact_details() -> None:
    mine = replace(GOOD_CONTACT, source=ReferralSource.SELF, referrer_name="", referrer_contact="")
    assert contact_problems(mine, now=NOW) == {}
    police = replace(mine, source="police")
    assert set(contact_problems(police, now=NOW)) == {"referrer_name", "referrer_contact"}


def test_choices_are_read_from_their_value_or_label_in_any_case_or_spacing() -> None:
    assert as_member(ReferralSource, "family or carer") is ReferralSource.FAMILY_OR_CARER
    assert as_member(RouteOfAccess, "community / other route") is RouteOfAccess.COMMUNITY_OR_OTHER
    assert as_member(RouteOfAccess, "Discharge from hospital") is (
        RouteOfAccess.DISCHARGE_FROM_HOSPITAL
    )
    assert as_member(Priority, "URGENT") is Urgency.URGENT
    assert as_member(Priority, "  ") is None
    assert as_member(Priority, "--") is None
    assert as_member(Priority, 3) is None


@pytest.mark.parametrize("kind", [ReferralSource, RouteOfAccess, Priority, DeclineReason])
def test_no_two_options_of_a_list_read_alike(kind: type) -> None:
    spellings = [squash(m.value) for m in kind] + [squash(m.label) for m in kind]
    owners = {}
    for member, spelling in zip([*kind, *kind], spellings, strict=True):
        assert owners.setdefault(spelling, member) is member


def test_the_route_of_access_covers_the_examples_cld_md_gives() -> None:
    labels = " | ".join(r.label.lower() for r in RouteOfAccess)
    for example in ("discharge from hospital", "community", "transition from children"):
        assert example in labels


def test_priorities_sort_urgent_first_by_rank_not_by_spelling() -> None:
    assert sorted(Priority, key=lambda p: p.rank) == [
        Priority.URGENT,
        Priority.NORMAL,
        Priority.LOW,
    ]
    assert [p.label for p in Priority] == ["Urgent", "Normal", "Low"]


# --- screening ---------------------------------------------------------------------------------


def test_a_decision_must_be_chosen() -> None:
    assert list(screening_problems(ScreeningDecision())) == ["outcome"]


def test_accepting_needs_a_responsible_team_but_not_a_worker() -> None:
    accept = ScreeningDecision(outcome="accept")
    assert list(screening_problems(accept)) == ["team_id"]
    assert screening_problems(replace(accept, team_id=4)) == {}


def test_the_waiting_list_needs_the_team_the_priority_and_how_they_are_told_the_wait() -> None:
    waiting = ScreeningDecision(outcome=ScreeningOutcome.WAITING_LIST)
    assert set(screening_problems(waiting)) == {"team_id", "priority", "informed_how"}
    told = replace(waiting, team_id=4, priority="low", informed_how=InformMethod.PHONE)
    assert screening_problems(told) == {}


def test_a_decline_needs_a_reason_alternatives_and_a_letter_or_email() -> None:
    problems = decline_problems(ScreeningDecision(outcome="decline"))
    assert set(problems) == {"decline_reason", "alternative_services", "informed_how"}
    assert "alternative services" in problems["alternative_services"]
    by_phone = ScreeningDecision(
        outcome="decline",
        decline_reason=DeclineReason.NEEDS_NOT_MET_HERE,
        alternative_services="Age UK befriending; Wakefield Carers Centre",
        informed_how="phone",
    )
    assert screening_problems(by_phone) == {
        "informed_how": "A decline is sent in writing: choose letter or email."
    }
    assert screening_problems(replace(by_phone, informed_how="letter")) == {}


def test_a_decline_may_say_why_no_alternative_could_be_suggested() -> None:
    decline = ScreeningDecision(
        outcome="decline",
        decline_reason="not_appropriate",
        no_alternative_because="Nothing local offers this; referrer already knows.",
        informed_how="email",
    )
    assert screening_problems(decline) == {}


def test_an_other_reason_is_said_and_a_death_needs_no_alternatives() -> None:
    other = ScreeningDecision(
        outcome="decline", decline_reason="other", alternative_services="GP", informed_how="email"
    )
    assert list(screening_problems(other)) == ["reason_detail"]
    died = ScreeningDecision(outcome="decline", decline_reason="deceased", informed_how="letter")
    assert screening_problems(died) == {}


def test_advice_only_records_the_advice_and_how_it_was_given() -> None:
    advice = ScreeningDecision(outcome="advice_only")
    assert set(screening_problems(advice)) == {"advice_given", "informed_how"}
    given = replace(advice, advice_given="Signposted to the falls clinic.", informed_how="phone")
    assert screening_problems(given) == {}


def test_declines_and_advice_close_the_request_with_a_cld_outcome_from_the_defined_list() -> None:
    assert cld_event_outcome("advice_only") == "NFA - Information & Advice / Signposting only"
    assert cld_event_outcome("decline", "support_not_wanted") == "NFA - Support declined"
    assert cld_event_outcome("decline", DeclineReason.NHS_FUNDED) == "NFA - 100% NHS funded care"
    assert cld_event_outcome("decline") is None
    assert cld_event_outcome("accept") is None
    assert cld_event_outcome(ScreeningOutcome.WAITING_LIST) is None
    for reason in DeclineReason:
        assert reason.cld_outcome in CLD_EVENT_OUTCOMES
    assert {o for o in ScreeningOutcome if o.closes_referral} == {
        ScreeningOutcome.DECLINE,
        ScreeningOutcome.ADVICE_ONLY,
    }


def test_cld_outcomes_typed_another_way_read_as_the_specification_spells_them() -> None:
    assert read_cld_event_outcome("nfa - 100% nhs-funded care") == "NFA - 100% NHS funded care"
    assert read_cld_event_outcome("NFA - Other") == "NFA- Other"
    assert read_cld_event_outcome("Progress to assessment") == "Progress to Assessment"
    assert read_cld_event_outcome("Progress to tea") is None
    assert read_cld_event_outcome(" - ") is None
    assert len(CLD_EVENT_OUTCOMES) == 19
