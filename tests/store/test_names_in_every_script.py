"""Names in every script are found (issue 13), through the real store search.

On a SQLite file, and on PostgreSQL in a database whose own collation is not code-point
order (ICU en-GB where the server has ICU): the search reads ranges of words, which hold
exactly the words with a prefix only because the store compares them in code-point order.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from caretui.rules.names import name_words, query_words
from caretui.store.db import Store, open_store
from caretui.store.ops.people import create_person, update_person
from caretui.store.queries import people, search
from tests.factories import World, make_world
from tests.name_scripts import EMOJI, ScriptName, names, typed_prefixes

# Tried in turn: the first the server can make is used.
NOT_CODE_POINT_ORDER = (
    "LOCALE_PROVIDER icu ICU_LOCALE 'en-GB' LOCALE 'C.UTF-8'",
    "LOCALE 'en_GB.UTF-8'",
    "LOCALE 'C.UTF-8'",
)


def _database_in_a_language_order(port: int, name: str) -> str:
    import psycopg

    from tests.conftest import _admin

    with _admin(port) as conn:
        for collation in NOT_CODE_POINT_ORDER:
            try:
                conn.execute(
                    f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' {collation}"
                )
                return collation
            except psycopg.Error:
                continue
    raise AssertionError("no UTF-8 database could be made")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def script_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store: a SQLite file, or a PostgreSQL database collated for en-GB."""
    if request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path / 'names.db'}")
        yield store
        store.dispose()
        return
    from tests.conftest import _admin, _url

    _host, port = request.getfixturevalue("postgresql_server")
    name = f"caretui_scripts_{tmp_path.name[-20:].replace('-', '_')}"
    _database_in_a_language_order(port, name)
    store = open_store(_url(port, name))
    try:
        yield store
    finally:
        store.dispose()
        with _admin(port) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def found(world: World, typed: str) -> list[int]:
    return [h.person_id for h in search.search_people(world.store, world.cso, typed).hits]


def test_leroy_is_found_by_his_arabic_and_hebrew_names(script_store: Store) -> None:
    world = make_world(script_store)
    leroy = create_person(world.store, world.cso, first_name="Leroy مرحبا שלום", last_name="Henry")
    for typed in ("مرحبا", "שלום", "مر", "של", "henry مرح", "שָׁלוֹם", "Leroy"):
        assert found(world, typed) == [leroy], typed
    assert found(world, "مرحبا jon") == []


def test_names_in_many_scripts_are_found_folded(script_store: Store) -> None:
    world = make_world(script_store)
    cases = {
        ("Zoë", "Łukasz"): ("zoe", "lukasz", "ZOE", "Łuk"),
        ("Siobhán", "O'Brien"): ("obrien", "o'b", "brien", "siob"),
        ("Anna", "Smith-Jones"): ("smith", "jones", "smithjones"),
        ("Jürgen", "Straße"): ("strasse", "straß", "jurg"),
        ("İpek", "Işık"): ("ipek", "isik", "IŞIK"),
        ("مُحَمَّد", "أحمد"): ("محمد", "احمد", "أح"),
        ("عمران", "خان"): ("عمر", "خان"),
        ("মোহাম্মদ", "রহমান"): ("মোহা", "রহমান"),
        ("गुरप्रीत", "ਕੌਰ"): ("गुरप्री", "ਕੌ"),
        ("小明", "王"): ("小明", "小", "王"),
        ("Σοφία", "Παπαδοπούλου"): ("σοφια", "ΣΟΦΊΑ", "παπα"),
        ("Ёлкин", "Иванов"): ("елкин", "иван"),
    }
    ids = {
        names_: create_person(world.store, world.cso, first_name=names_[0], last_name=names_[1])
        for names_ in cases
    }
    for names_, typed_ones in cases.items():
        for typed in typed_ones:
            assert ids[names_] in found(world, typed), (names_, typed)


def test_emoji_in_a_name_are_not_words_and_alone_are_no_search(script_store: Store) -> None:
    world = make_world(script_store)
    person = create_person(world.store, world.cso, first_name="Amara 🌸", last_name="Okafor ✨")
    assert found(world, "amara okafor") == [person]
    with world.store.read() as session:
        words = session.exec(  # type: ignore[call-overload]
            text("SELECT word FROM person_name_word WHERE person_id = :p"), params={"p": person}
        ).all()
    assert sorted(w for (w,) in words) == ["amara", "okafor"]
    for typed in ("🌸", "✨ 🌸", "👍🏽"):
        result = search.search_people(world.store, world.cso, typed)
        assert result.hits == () and result.hint.startswith("Type a name"), typed


def test_a_renamed_person_is_found_by_the_new_script(script_store: Store) -> None:
    world = make_world(script_store)
    detail = people.person_record(world.store, world.practitioner, world.person)
    update_person(
        world.store,
        world.practitioner,
        world.person,
        expected_version=detail.version,
        preferred_name="ジョナサン",
    )
    assert found(world, "ジョナ") == [world.person]


def test_every_word_of_a_name_in_any_script_finds_the_person(script_store: Store) -> None:
    """For names built from words in many scripts (with accents, points, vowel signs and
    emoji), each word and each beginning of it of two letters or more finds the person;
    and everyone found has a name word starting with what was typed."""
    world = make_world(script_store)
    saved: dict[int, tuple[str, ...]] = {}

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(first=names(), last=names(), preferred=st.one_of(st.none(), names(max_words=1)))
    def check(first: ScriptName, last: ScriptName, preferred: ScriptName | None) -> None:
        texts = (first.text, last.text, preferred.text if preferred else "")
        person = create_person(
            world.store,
            world.cso,
            first_name=texts[0],
            last_name=texts[1],
            preferred_name=texts[2],
        )
        saved[person] = texts
        for name in (first, last, preferred):
            for word in name.words if name else ():
                for typed in typed_prefixes(word):
                    result = search.search_people(world.store, world.cso, typed, limit=500)
                    ids = [h.person_id for h in result.hits]
                    assert person in ids or result.more, (typed, texts)
                    wanted = query_words(typed)
                    for hit in result.hits:
                        words = name_words(*saved.get(hit.person_id, (hit.name,)))
                        assert all(any(w.startswith(t) for w in words) for t in wanted), (
                            typed,
                            hit.name,
                        )

    check()


def test_emoji_are_no_part_of_any_generated_name() -> None:
    @given(names())
    def check(name: ScriptName) -> None:
        words = name_words(name.text)
        for emoji in EMOJI:
            assert not any(emoji in w for w in words)
        assert all(w for w in words)

    check()
