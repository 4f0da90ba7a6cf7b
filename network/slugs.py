"""The addresses of directory records (``/directory/people/<slug>/``), made from names only.

A slug never carries an email address or any other private detail: it is built from the
Latin-script name, or from the Arabic name written in Latin letters, and ends with a short
random suffix, so it is unique and says nothing about how many records share the name.
"""

import secrets

from anyascii import anyascii
from django.utils.text import slugify

# Arabic letters in Latin script, for addresses (a plain reading, not a scholarly system:
# the short vowels are not written in Arabic and do not appear here either).
ARABIC_LETTERS = str.maketrans(
    {
        "ا": "a",
        "أ": "a",
        "إ": "i",
        "آ": "a",
        "ٱ": "a",
        "ء": "",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "ع": "a",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "ة": "a",
        "و": "w",
        "ؤ": "w",
        "ي": "y",
        "ى": "a",
        "ئ": "y",
        "ـ": "",
    }
)
MAX_BASE = 60


def transliterate(text):
    """``text`` in Latin letters: Arabic through the table above, anything else through
    ``anyascii``."""
    return anyascii(str(text).translate(ARABIC_LETTERS))


def slug_base(*names, fallback="record"):
    """The slug of the first of ``names`` that gives one (pass the Latin-script name first),
    or ``fallback``."""
    for name in names:
        if name:
            base = slugify(transliterate(name))[:MAX_BASE].strip("-")
            if base:
                return base
    return fallback


def unique_slug(model, *names, fallback="record", taken=None):
    """A slug for a new ``model`` record: its name's base and a short random suffix, free in
    the table (or, for a batch such as an import, not in the set ``taken``, which it joins)."""
    base = slug_base(*names, fallback=fallback)
    while True:
        candidate = f"{base}-{secrets.token_hex(3)}"
        if taken is not None:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        elif not model.objects.filter(slug=candidate).exists():
            return candidate


def slug_is_from_names(slug, *names):
    """Whether ``slug`` is one ``unique_slug`` could have made from these names (or is
    exactly the name's slug, as staff often write it)."""
    bases = {slug_base(name, fallback="") for name in names if name} - {""}
    return any(slug == base or slug.startswith(f"{base}-") for base in bases)
