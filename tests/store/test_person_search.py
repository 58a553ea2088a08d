"""Person search (P1) and its lock-down (S3), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caretui.rules.names import after_prefix, name_words, query_words, read_search
from caretui.store.db import open_store
from caretui.store.ops.accounts import create_team, create_user
from caretui.store.ops.people import create_person, update_person
from caretui.store.ops.sessions import sign_in
from caretui.store.queries import lockdown, people, search
from tests.factories import World, make_world
from tests.store.test_dashboard_queries import _restrict


@pytest.fixture
def world(store) -> World:  # type: ignore[no-untyped-def]
    return make_world(store)


def names(world: World, text: str, actor=None) -> list[str]:  # type: ignore[no-untyped-def]
    found = search.search_people(world.store, actor or world.practitioner, text)
    return [h.name for h in found.hits]


def test_name_prefixes_in_any_order_find_jonathan_patel(world: World) -> None:
    for text in ("pat jon", "jon pat", "Patel", "JONATHAN", "p", "jonathan patel"):
        assert "Jonathan Patel" in names(world, text), text
    assert names(world, "pat edn") == []
    assert names(world, "zzz") == []


def test_a_hit_tells_namesakes_apart(world: World) -> None:
    twin = create_person(
        world.store,
        world.practitioner,
        first_name="Jonathan",
        last_name="Patel",
        date_of_birth=date(1990, 7, 1),
        address_line1="4 Mill Lane",
        town="Ossett",
    )
    hits = search.search_people(world.store, world.practitioner, "pat jon").hits
    assert [h.person_id for h in hits] == sorted(h.person_id for h in hits)
    first, second = hits
    assert (first.person_id, first.case_id, first.responsible_team) == (
        world.person,
        world.case,
        "North",
    )
    assert first.born == "12/03/1948 (78)" and first.address == "WF1 2AB"
    assert first.case == f"Case {world.case}: Priya Sharma, North"
    assert (second.person_id, second.case, second.address) == (
        twin,
        "No open case",
        "4 Mill Lane, Ossett",
    )


@pytest.mark.parametrize("typed", ["12/03/1948", "1948-03-12", "12 Mar 1948", "12th March 1948"])
def test_date_of_birth_in_the_forms_people_type(world: World, typed: str) -> None:
    assert names(world, typed) == ["Jonathan Patel"]


def test_person_id_case_id_and_nhs_number(world: World) -> None:
    for text in (f"P{world.person}", str(world.person), f"#{world.person}", f"c{world.case}"):
        assert names(world, text) == ["Jonathan Patel"], text
    other = create_person(
        world.store,
        world.practitioner,
        first_name="Ada",
        last_name="Byron",
        nhs_number="9434765919",
    )
    hits = search.search_people(world.store, world.practitioner, "943 476 5919").hits
    assert [h.person_id for h in hits] == [other]
    assert (
        "There is no person P99999"
        in search.search_people(world.store, world.practitioner, "P99999").hint
    )


def test_a_half_typed_date_says_what_to_finish(world: World) -> None:
    result = search.search_people(world.store, world.practitioner, "12/03")
    assert result.hits == () and "12/03/1948" in result.hint
    assert (
        "no day 31" in read_search("31/02/1948").hint or "29 days" in read_search("31/02/1948").hint
    )


def test_restricted_person_is_masked_in_search_for_those_not_named(world: World) -> None:
    _restrict(world, named=world.practitioner.id)
    for text in ("pat jon", "12/03/1948", "Patel"):
        # The record's existence shows (no one adds a duplicate), nothing else does.
        assert names(world, text, world.colleague) == [lockdown.RESTRICTED], text
        (masked,) = search.search_people(world.store, world.colleague, text).hits
        assert "Patel" not in repr(masked) and "1948" not in repr(masked), text
        assert names(world, text, world.practitioner) == ["Jonathan Patel"], text
        assert names(world, text, world.sysadmin) == ["Jonathan Patel"], text
    (hit,) = search.search_people(world.store, world.colleague, f"P{world.person}").hits
    assert (hit.name, hit.date_of_birth, hit.address, hit.case_id) == (
        lockdown.RESTRICTED,
        None,
        "",
        None,
    )
    assert "Patel" not in repr(hit) and "1948" not in repr(hit) and "WF1" not in repr(hit)
    palette = search.find_people_and_cases(world.store, world.colleague, f"P{world.person}")
    assert [(p.label, p.case_id) for p in palette] == [(lockdown.RESTRICTED, None)]


def test_renaming_a_person_moves_them_in_search(world: World) -> None:
    detail = people.person_record(world.store, world.practitioner, world.person)
    update_person(
        world.store,
        world.practitioner,
        world.person,
        expected_version=detail.version,
        last_name="Patel-Hughes",
    )
    assert names(world, "hughes jon") == ["Jonathan Patel-Hughes"]
    assert names(world, "pat jon") == ["Jonathan Patel-Hughes"]


def test_an_upgraded_store_finds_the_people_it_already_held(store_url: str) -> None:
    from tests.store.test_migrations import (
        test_an_older_store_is_upgraded_on_start_without_losing_data as upgrade_with_ada,
    )

    upgrade_with_ada(store_url)
    store = open_store(store_url)
    try:
        create_team(store, None, "North")
        create_user(
            store, None, login="morgan", name="Chris Morgan", role="system_admin", team="North"
        )
        admin = sign_in(store, "morgan")
        assert [h.name for h in search.search_people(store, admin, "byr a").hits] == ["Ada Byron"]
    finally:
        store.dispose()


# --- search is right for any name (hypothesis) -------------------------------------------------

NAME_LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéëöçłø"))
NAME_WORD = st.text(NAME_LETTERS, min_size=1, max_size=9).map(str.capitalize)
NAME = st.one_of(
    NAME_WORD,
    st.tuples(NAME_WORD, st.sampled_from(["-", "'", " "]), NAME_WORD).map("".join),
)


def test_after_prefix_bounds_exactly_the_words_with_that_prefix() -> None:
    @given(st.text(st.sampled_from("abyz"), min_size=1, max_size=4), st.text("abyz", max_size=5))
    def check(prefix: str, word: str) -> None:
        upper = after_prefix(prefix)
        inside = word >= prefix and (upper is None or word < upper)
        assert inside == word.startswith(prefix)

    check()


def test_any_generated_name_is_found_by_prefixes_of_its_words_in_either_order(world: World) -> None:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        first=NAME,
        last=NAME,
        cut_first=st.integers(1, 9),
        cut_last=st.integers(1, 9),
        swap=st.booleans(),
    )
    def check(first: str, last: str, cut_first: int, cut_last: int, swap: bool) -> None:
        person = create_person(world.store, world.cso, first_name=first, last_name=last)
        typed = [query_words(first)[0][:cut_first], query_words(last)[-1][:cut_last]]
        if swap:
            typed.reverse()
        found = search.search_people(world.store, world.cso, " ".join(typed), limit=500)
        assert person in [h.person_id for h in found.hits] or found.more
        for hit in found.hits:  # every hit has a name word starting with each typed word
            words = name_words(hit.name)
            assert all(any(w.startswith(t) for w in words) for t in typed), (hit.name, typed)

    check()


def test_a_whole_postcode_finds_the_people_living_there(world: World) -> None:
    for first in ("Ada", "Bram"):
        create_person(
            world.store,
            world.practitioner,
            first_name=first,
            last_name="Quenby",
            postcode="wf3 9zz",
        )
    assert sorted(names(world, "WF39ZZ")) == ["Ada Quenby", "Bram Quenby"]
    empty = search.search_people(world.store, world.practitioner, "WF3 9ZY")
    assert not empty.hits and "WF3 9ZY" in empty.hint
