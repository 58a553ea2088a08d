"""How search text is read (P1): name words, IDs, NHS numbers and dates of birth as typed."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from caretui.rules.names import (
    MAX_CODE_POINT,
    TOP_OF_WORDS,
    after_prefix,
    fold,
    name_key,
    name_words,
    query_words,
    read_search,
    sort_key,
)
from tests.name_scripts import names, typed_prefixes

BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 24))


@given(BIRTHS)
def test_a_date_of_birth_typed_any_usual_way_reads_as_that_date(born: date) -> None:
    for typed in (f"{born:%d/%m/%Y}", f"{born:%Y-%m-%d}", f"{born.day} {born:%b %Y}"):
        terms = read_search(typed)
        assert (terms.kind, terms.born) == ("dob", born), typed


@given(st.integers(1, 999_999_999), st.sampled_from(["P", "p", "#", ""]))
def test_a_person_id_reads_as_that_person(number: int, prefix: str) -> None:
    terms = read_search(f"{prefix}{number}")
    assert (terms.kind, terms.number) == ("person", number)


def test_ten_digits_are_an_nhs_number_and_a_half_typed_date_asks_for_the_rest() -> None:
    assert read_search("943 476 5919").nhs == "9434765919"
    assert read_search("12/03").kind == "partial"
    assert read_search("C45").kind == "case"
    assert (read_search("case 4").kind, read_search("case 4").number) == ("case", 4)
    assert (read_search("Person 12").kind, read_search("Person 12").number) == ("person", 12)
    assert read_search("   ").kind == "empty"


def test_names_fold_accents_apostrophes_and_hyphens() -> None:
    assert fold("Zoë Łukasz") == "zoe lukasz"
    assert name_words("Siobhán", "O'Brien-Smith") >= {"siobhan", "obriensmith", "o", "brien"}
    assert query_words("O'Bri SIOB") == ["obri", "siob"]


@given(st.text(min_size=1, max_size=30))
def test_every_query_word_is_letters_folded_and_normalised(text: str) -> None:
    for word in query_words(text):
        assert word == fold(word) == unicodedata.normalize("NFC", word)
        assert unicodedata.category(word[0])[0] == "L"
        assert all(unicodedata.category(ch)[0] in "LM" for ch in word), word
        assert TOP_OF_WORDS not in word


@given(st.text(max_size=30))
def test_folding_twice_is_folding_once(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert query_words(" ".join(query_words(text))) == query_words(text)


def test_names_in_every_script_are_words() -> None:
    assert query_words("Leroy مرحبا שלום Henry") == ["leroy", "مرحبا", "שלום", "henry"]
    assert name_words("王小明", "김민준", "মোহাম্মদ") == {"王小明", "김민준", "মোহাম্মদ"}
    assert query_words("Σοφία Ёлкина ΣΟΦΊΑΣ") == ["σοφια", "елкина", "σοφιασ"]


def test_accents_and_letters_fold_as_people_spell_them() -> None:
    assert fold("Straße ẞ Ærø Œuvre Þór Đặng") == "strasse ss aero oeuvre thor dang"
    assert query_words("İpek Işık ŞAHİN") == ["ipek", "isik", "sahin"]
    assert query_words("ＪＯＨＮ ﬁona") == ["john", "fiona"]
    # Arabic vowel marks, hamza seats and kashida; Hebrew points.
    assert query_words("مُحَمَّد أحمد إبراهيم آمنة عـــلي") == [
        "محمد",
        "احمد",
        "ابراهیم",
        "امنة",
        "علی",
    ]
    assert query_words("שָׁלוֹם") == ["שלום"]
    # Arabic and Urdu keyboards: kaf/keheh, yeh/farsi yeh/alef maksura, heh/heh goal.
    assert query_words("كريم") == query_words("کریم") and query_words("موسى") == query_words("موسی")
    assert query_words("عائشہ") == query_words("عائشه")
    # Indic vowel signs and viramas are spelling, kept; two-part vowels are one.
    assert query_words("মোহাম্মদ") == ["মোহাম্মদ"] and len("মোহাম্মদ") == 8
    assert query_words("\u09ae\u09c7\u09be") == ["\u09ae\u09cb"]
    assert query_words("गुरप्रीत") == ["गुरप्रीत"]
    assert query_words("ガ") == ["ガ"]  # the kana voicing mark is a letter's


def test_invisible_characters_and_emoji_are_no_part_of_a_word() -> None:
    assert query_words("\u200fمرحبا\u200f Jan\u200dek") == ["مرحبا", "janek"]
    assert name_words("Leroy 😀 Henry 👍🏽 👨\u200d👩\u200d👧 ❤️ 1️⃣") == {"leroy", "henry"}
    assert name_words("Leroy😀Henry") == {"leroyhenry", "leroy", "henry"}
    assert name_words("Smith\u00adJones") == {"smithjones", "smith", "jones"}
    assert name_words("Hawaiʻi O’Neil") >= {"hawaii", "oneil", "neil"}
    assert query_words("😀 ✨") == [] and query_words("\u0301\u09be") == []


def test_name_keys_and_sort_keys_are_the_folded_words() -> None:
    assert name_key("O'Brien-Smith") == "obriensmith"
    assert name_key("Leroy مرحبا") == "leroy مرحبا"
    assert sort_key("Zoë", "Łukasz") == "lukasz zoe"
    assert len(name_key("ab " * 60)) <= 80


@given(names())
def test_every_typed_beginning_of_a_word_in_any_script_begins_a_name_word(name) -> None:  # type: ignore[no-untyped-def]
    words = name_words(name.text)
    for word in name.words:
        for typed in typed_prefixes(word):
            (folded,) = query_words(typed)
            assert any(w.startswith(folded) for w in words), (typed, words)


CODE_POINTS = st.characters(
    min_codepoint=0x20, max_codepoint=MAX_CODE_POINT, exclude_categories=["Cs"]
)


@given(st.text(CODE_POINTS, min_size=1, max_size=4), st.text(CODE_POINTS, max_size=6))
def test_after_prefix_bounds_the_words_with_a_prefix_in_any_script(prefix: str, word: str) -> None:
    upper = after_prefix(prefix)
    assert upper is None or upper.encode("utf-8")  # a string any database can store
    inside = word >= prefix and (upper is None or word < upper)
    assert inside == word.startswith(prefix)


def test_after_prefix_at_the_ends_of_unicode() -> None:
    assert after_prefix("pat") == "pau" and after_prefix("مر") == "مز"
    assert after_prefix("a" + chr(MAX_CODE_POINT)) == "b"
    assert after_prefix(chr(MAX_CODE_POINT) * 2) is None
    assert after_prefix("\ud7ff") == "\ue000"  # past the surrogates


def test_a_search_in_any_script_is_a_name_search() -> None:
    for typed in ("مرحبا", "שלום", "王", "মো", "Ёлкин"):
        terms = read_search(typed)
        assert terms.kind == "name" and terms.words == tuple(query_words(typed)), typed
    for typed in ("😀", "✨ 👍🏽", "\u200f"):
        terms = read_search(typed)
        assert terms.kind == "empty" and terms.hint.startswith("Type a name"), typed
    assert read_search("１２３").number == 123  # full-width digits, from a CJK keyboard


def test_a_whole_postcode_is_read_as_one_and_a_date_is_not() -> None:
    assert read_search("wf12ab").postcode == "WF1 2AB"
    assert read_search("WF1 2AB").kind == "postcode"
    assert read_search("12 Mar 1948").kind == "dob"
    half = read_search("wf1")
    assert half.kind == "partial" and "postcode" in half.hint


def test_a_or_an_by_the_first_letter() -> None:
    from caretui.rules.wording import a_or_an

    assert a_or_an("Occupational Therapy Review") == "an Occupational Therapy Review"
    assert a_or_an("Case Note") == "a Case Note"
