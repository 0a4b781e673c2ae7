"""Rules for the words people write: what is accepted and how tags are found."""

from __future__ import annotations

import re
import unicodedata

from sparklog.errors import InvalidText, UsageError

MAX_TEXT = 2000
MAX_TAG = 40
TAG_IN_TEXT = r"(?<![\w#])#(\w[\w-]*)"
"""A `#word` in entry text (group 1 is the word), the one rule for finding tags."""
_TAG = r"^\w[\w-]*$"
_STORED_TAG = r"^\w[\w\u0307-]*$"
"""A tag as kept: the `_TAG` word lower-cased, which may leave the combining dot
(U+0307) that lower-casing a capital 'İ' adds."""
# Control characters (Unicode category Cc) except tab and newline, the
# bidirectional controls (marks, embeddings, overrides, isolates: they make text
# display reversed or disguised), and lone surrogates (Cs): one search in C, not
# a Python loop over every character, which an import of ten years of entries
# would otherwise pay a million times. The patterns are kept as text and compiled
# by `re` on first use (and cached there), so a command that never checks text
# never pays for compiling them.
_REFUSED = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def clean_text(raw: str, what: str = "text") -> str:
    """Trim and check a piece of entry text, or raise one clear error.

    Newlines and tabs are kept (an editor entry may span lines); every other
    control character, the bidirectional controls, and anything that cannot be
    stored as UTF-8, are refused.
    """
    text = raw.strip()
    if not text:
        raise InvalidText(f"the {what} is empty; write a few words")
    if len(text) > MAX_TEXT:
        raise InvalidText(f"the {what} is {len(text)} characters; the limit is {MAX_TEXT}")
    bad = re.search(_REFUSED, text)
    if bad is not None:
        char = bad.group()
        if unicodedata.category(char) == "Cs":
            raise InvalidText(f"the {what} holds characters that are not valid Unicode")
        name = unicodedata.name(char, "")
        raise InvalidText(
            f"the {what} holds a control character (U+{ord(char):04X}{' ' + name if name else ''});"
            " remove it and try again"
        )
    return text


def fold(text: str) -> str:
    """Text as search compares it: case folded, compatibility forms made one.

    'Straße', 'STRASSE' and 'strasse' fold alike, as do 'ﬁnally' and 'finally'.
    The search index holds folded text and every query is folded the same way
    (the index's tokenizer then drops accents on both sides).
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalize_tag(raw: str) -> str:
    """A tag as stored: no leading '#', lower case, word characters and dashes.

    Checked before lower-casing, as `tags_in` reads `#word` in text: a capital
    like 'İ' lowers to a letter plus a combining mark, which is not a word character.
    """
    word = raw.strip().lstrip("#")
    tag = word.lower()
    if not word or not re.match(_TAG, word) or len(tag) > MAX_TAG:
        raise UsageError(f"{raw!r} is not a tag; use letters, digits, '_' or '-' (up to {MAX_TAG})")
    return tag


def stored_tag(tag: str) -> str:
    """`tag` itself when it is a tag as the journal keeps it, or one clear error.

    That is what `normalize_tag` and `tags_in` store: lower case, no '#', word
    characters and dashes. A tag brought in from a file must already look like
    that, so every imported tag can be found again with `--tag`.
    """
    if not tag or len(tag) > MAX_TAG or tag != tag.lower() or not re.match(_STORED_TAG, tag):
        raise InvalidText(
            f"{tag!r} is not a tag; a tag is letters, digits, '_' or '-' in lower case,"
            f" without '#' (up to {MAX_TAG})"
        )
    return tag


def tags_in(text: str, extra: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The tags of an entry: `#word` in its text plus any given, deduplicated in order."""
    found = [m.group(1).lower()[:MAX_TAG] for m in re.finditer(TAG_IN_TEXT, text)]
    found += [normalize_tag(t) for t in extra]
    return list(dict.fromkeys(found))
