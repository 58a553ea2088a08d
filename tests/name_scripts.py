"""Hypothesis strategies for names as they are recorded in England, in many scripts.

A word is built from *letters as a person sees them* (graphemes): "é", "ğ", "مُ", "শ্র",
"ো" on its consonant, "王". A search typed by a person stops between two of them, never
inside one, so :func:`typed_prefixes` cuts words only there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st


def _chars(text: str) -> list[str]:
    return [ch for ch in text if not ch.isspace()]


LATIN = _chars("abcdefghijklmnopqrstuvwxyz") + _chars("é è ê ë á à â ä å ã ó ô ö õ ú ü í ï ç ñ ý")
POLISH = _chars("abcdefghijklmnoprstuwyz ą ć ę ł ń ó ś ź ż")
TURKISH = _chars("abcdefghijklmnoprstuvyz ç ğ ı ö ş ü")
GREEK = _chars("αβγδεζηθικλμνξοπρστυφχψω ά έ ή ί ό ύ ώ ϊ ϋ")
CYRILLIC = _chars("абвгдежзийклмнопрстуфхцчшщъыьэюяё і ї є ґ")
ARABIC_LETTERS = _chars("ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ة أ إ آ ؤ ئ ى")
ARABIC_HARAKAT = ["", "", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b"]
URDU = _chars("ا ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن ں و ہ ھ ی ے")
HEBREW_LETTERS = _chars("א ב ג ד ה ו ז ח ט י כ ל מ נ ס ע פ צ ק ר ש ת ך ם ן ף ץ")
HEBREW_POINTS = ["", "", "\u05b8", "\u05b7", "\u05b4", "\u05b0", "\u05bc", "\u05b9", "\u05c1"]
BENGALI_CONSONANTS = _chars("ক খ গ ঘ ঙ চ ছ জ ঝ ঞ ট ঠ ড ঢ ণ ত থ দ ধ ন প ফ ব ভ ম য র ল শ ষ স হ")
BENGALI_VOWELS = _chars("অ আ ই ঈ উ ঊ এ ঐ ও ঔ")
BENGALI_SIGNS = ["", "", "া", "ি", "ী", "ু", "ূ", "ে", "ৈ", "ো", "ৌ", "ং", "ঁ"]
DEVANAGARI_CONSONANTS = _chars("क ख ग घ च छ ज झ ट ठ ड ढ ण त थ द ध न प फ ब भ म य र ल व श ष स ह")
DEVANAGARI_SIGNS = ["", "", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं", "ँ"]
GURMUKHI_CONSONANTS = _chars("ਕ ਖ ਗ ਘ ਚ ਛ ਜ ਝ ਟ ਠ ਡ ਢ ਣ ਤ ਥ ਦ ਧ ਨ ਪ ਫ ਬ ਭ ਮ ਯ ਰ ਲ ਵ ਸ ਹ")
GURMUKHI_SIGNS = ["", "", "ਾ", "ਿ", "ੀ", "ੁ", "ੂ", "ੇ", "ੈ", "ੋ", "ੌ", "ੰ", "ਂ"]
CHINESE = _chars(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 林 小 明 华 伟 芳 丽 强 磊 军 洋 勇 艳 杰 娟 涛 秀 英 梅"
)
KOREAN = _chars("김 이 박 최 정 강 조 윤 장 민 준 서 연 지 현 수 영 호 은 하")
EMOJI = ["😀", "👍🏽", "❤️", "👨\u200d👩\u200d👧", "🇬🇧", "1️⃣", "✨", "🙏"]


def _capitalised(letters: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    word = st.lists(st.sampled_from(letters), min_size=1, max_size=9)
    return word.map(lambda gs: (gs[0].upper(), *gs[1:]))


def _marked(letters: list[str], marks: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    grapheme = st.tuples(st.sampled_from(letters), st.sampled_from(marks)).map("".join)
    return st.lists(grapheme, min_size=1, max_size=7).map(tuple)


def _indic(
    consonants: list[str], signs: list[str], virama: str, vowels: Sequence[str] = ()
) -> st.SearchStrategy[tuple[str, ...]]:
    """Syllables: a consonant, or two joined by the virama (a conjunct), with a vowel sign;
    or an independent vowel."""
    consonant = st.sampled_from(consonants)
    cluster = st.one_of(consonant, st.tuples(consonant, consonant).map(virama.join))
    syllable = st.tuples(cluster, st.sampled_from(signs)).map("".join)
    if vowels:
        syllable = st.one_of(syllable, st.sampled_from(list(vowels)))
    return st.lists(syllable, min_size=1, max_size=5).map(tuple)


def _hebrew() -> st.SearchStrategy[tuple[str, ...]]:
    # Final letters only at a word's end, as Hebrew is written.
    finals = set("ךםןףץ")
    middle = [c for c in HEBREW_LETTERS if c not in finals]
    grapheme = st.tuples(st.sampled_from(middle), st.sampled_from(HEBREW_POINTS)).map("".join)
    last = st.sampled_from(HEBREW_LETTERS)
    return st.tuples(st.lists(grapheme, max_size=6), last).map(lambda t: (*t[0], t[1]))


SCRIPTS: dict[str, st.SearchStrategy[tuple[str, ...]]] = {
    "latin": _capitalised(LATIN),
    "polish": _capitalised(POLISH),
    "turkish": _capitalised(TURKISH),
    "greek": _capitalised(GREEK),
    "cyrillic": _capitalised(CYRILLIC),
    "arabic": _marked(ARABIC_LETTERS, ARABIC_HARAKAT),
    "urdu": st.lists(st.sampled_from(URDU), min_size=1, max_size=7).map(tuple),
    "hebrew": _hebrew(),
    "bengali": _indic(BENGALI_CONSONANTS, BENGALI_SIGNS, "\u09cd", BENGALI_VOWELS),
    "devanagari": _indic(DEVANAGARI_CONSONANTS, DEVANAGARI_SIGNS, "\u094d"),
    "gurmukhi": _indic(GURMUKHI_CONSONANTS, GURMUKHI_SIGNS, "\u0a4d"),
    "chinese": st.lists(st.sampled_from(CHINESE), min_size=1, max_size=4).map(tuple),
    "korean": st.lists(st.sampled_from(KOREAN), min_size=1, max_size=4).map(tuple),
}

WORD = st.sampled_from(sorted(SCRIPTS)).flatmap(lambda script: SCRIPTS[script])
"""One name word (as its graphemes) in any of the scripts."""


@dataclass(frozen=True)
class ScriptName:
    """A name as typed into a record, and the words a person may search it by."""

    text: str
    words: tuple[tuple[str, ...], ...]  # each word's graphemes


@st.composite
def names(draw: st.DrawFn, max_words: int = 3, emoji: bool = True) -> ScriptName:
    """A first or last name of one to ``max_words`` words, in mixed scripts, between spaces
    or hyphens, sometimes with an emoji among the words (which is no word of the name)."""
    words = draw(st.lists(WORD, min_size=1, max_size=max_words))
    text = "".join(words[0])
    for word in words[1:]:
        text += draw(st.sampled_from([" ", " ", "-"])) + "".join(word)
    if emoji and draw(st.booleans()):
        chunks = text.split(" ")
        chunks.insert(draw(st.integers(0, len(chunks))), draw(st.sampled_from(EMOJI)))
        text = " ".join(chunks)
    return ScriptName(text, tuple(words))


def typed_prefixes(word: tuple[str, ...]) -> list[str]:
    """Every beginning of at least two letters a person may type to find ``word`` (the
    whole word when it is one letter long)."""
    return ["".join(word[:end]) for end in range(min(2, len(word)), len(word) + 1)]
