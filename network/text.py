"""Spelling-insensitive text for the directory's search.

Arabic names are written many ways: with or without hamza on the alef (أحمد / احمد), with a
final ya or alef maqsura (علي / على), a ta marbuta or a ha (اسامة / اسامه), with diacritics and
with tatweel stretching (محـــمد). Latin names vary in case, accents and punctuation
(Al-Karkhi / al karkhi). ``normalise`` folds all of these to one form. The directory stores
the folded form of each record's names in a column and folds every query the same way, so a
plain substring match finds every variant on SQLite and PostgreSQL alike.
"""

import functools
import re
import unicodedata

# Harakat, tanwin, shadda, sukun, superscript alef and Quranic annotation marks.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
_LETTERS = str.maketrans(
    {
        "\u0622": "\u0627",  # آ → ا
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0649": "\u064a",  # ى → ي
        "\u06cc": "\u064a",  # Persian ی → ي
        "\u0629": "\u0647",  # ة → ه
        "\u06a9": "\u0643",  # Persian ک → ك
    }
)
# Anything that is not a letter or a digit separates words.
_SEPARATORS = re.compile(r"[^\w]+|_")


_ACCENTED = re.compile("[\u00c0-\u02ff\u1e00-\u1eff\u0624\u0626]")


def normalise(text):
    """``text`` folded for matching: one alef, one ya, ha for ta marbuta, no diacritics,
    no tatweel, no accents, lower case, words separated by single spaces."""
    if not text:
        return ""
    return _fold(str(text))


@functools.lru_cache(maxsize=65536)
def _fold(text):
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).replace(_TATWEEL, "").translate(_LETTERS)
    if _ACCENTED.search(text):
        # Latin accents (é → e) and hamza seats (ؤ → و, ئ → ي): decompose and drop the
        # combining marks. Other text is already in base letters and skips this step.
        text = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
        text = unicodedata.normalize("NFC", text)
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())


def search_text(*values):
    """The stored search column: each value folded, kept apart by a separator no folded
    query can contain, so a match never spans two fields."""
    return " | ".join(folded for folded in (normalise(value) for value in values) if folded)


def query_terms(query, limit=8):
    """The folded words of a visitor's query (at most ``limit`` of them), each in its barest
    form (``bare_forms``): «الإعلام» and «للإعلام» look for «اعلام», which every spelling
    with or without the article contains."""
    return [(bare_forms(word) or [word])[-1] for word in normalise(query[:200]).split()[:limit]]


def without_article(word):
    """A folded word without a leading «ال», when enough of the word is left to mean something."""
    if word.startswith("ال") and len(word) >= 5:
        return word[2:]
    return word


# What Arabic writes onto the front of a word: "and" (و, ف), "with" (ب), "like" (ك) and "for"
# (ل), before the article or not; «لل» is «ل» with the article («للإعلام»: for the media).
_JOINED_ARTICLES = ("وال", "فال", "بال", "كال", "لل")


def bare_forms(word):
    """The forms a folded word is also found by: without the article («الاعلام» → «اعلام»),
    without a joined "and", "with", "like" or "for" and its article («للاعلام», «والاعلام»,
    «بالاعلام» → «اعلام»), without a leading "and" («واعلام» → «اعلام»). Only when three
    letters or more are left; the word itself is never among them."""
    forms = []
    for prefix in _JOINED_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix) :])
            break
    else:
        rest = word[1:] if word.startswith("و") and len(word) >= 5 else word
        if rest != word:
            forms.append(rest)
        if without_article(rest) != rest:
            forms.append(without_article(rest))
    return forms


def index_text(*values):
    """Text for a full-text index that finds every spelling a folded query may look for: each
    word folded, and again in its bare forms («الاعلام اعلام», «للاعلام اعلام»)."""
    words = []
    for word in normalise(" ".join(str(value) for value in values if value)).split():
        words.append(word)
        words.extend(bare_forms(word))
    return " ".join(words)


# Honorifics and ranks that come before a name, folded and without dots or spaces: "Dr.",
# "Maj. Gen.", "Prof.", «الدكتور», «د.», «اللواء», «الفريق», «الأستاذ», «أ.د.»…
_TITLES = frozenset(
    {
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "eng",
        "maj",
        "gen",
        "lt",
        "col",
        "brig",
        "he",
        "الدكتور",
        "الدكتوره",
        "دكتور",
        "د",
        "اد",
        "ا",
        "م",
        "اللواء",
        "الفريق",
        "الركن",
        "العميد",
        "العقيد",
        "الاستاذ",
        "الاستاذه",
        "استاذ",
        "المهندس",
        "المهندسه",
        "السيد",
        "السيده",
    }
)
_ARTICLE = "ال"


def written_in_arabic(word):
    return any("\u0600" <= char <= "\u06ff" for char in word)


def _is_title(word):
    return normalise(word).replace(" ", "") in _TITLES


def _initial(word):
    """The letter a word contributes to a monogram: after the article «ال» or "al-"."""
    if written_in_arabic(word):
        if word.startswith(_ARTICLE) and len(word) > len(_ARTICLE) + 1:
            word = word[len(_ARTICLE) :]
        return word[0]
    lowered = word.lower()
    for article in ("al-", "el-"):
        if lowered.startswith(article) and len(word) > len(article):
            word = word[len(article) :]
    return word[0].upper()


def initials(name):
    """Two letters for a monogram: "AF" for "Dr. Ali Fadhil", «ع ف» for «الدكتور علي الفاضل».

    Titles and ranks before the name are skipped, and so is the article («ال», "al-") at the
    start of a word. Arabic initials are spaced so they stay separate letters.
    """
    words = [word.strip(".,،") for word in str(name or "").split()]
    words = [word for word in words if any(char.isalpha() for char in word)]
    named = [word for word in words if not _is_title(word)] or words
    if not named:
        return ""
    letters = [_initial(word) for word in named[:2]]
    return " ".join(letters) if written_in_arabic(named[0]) else "".join(letters)


def monogram(name, acronym=""):
    """An organisation's short name when it has a short one, else the initials of its name."""
    if acronym and len(acronym) <= 6:
        return acronym
    return initials(name)
