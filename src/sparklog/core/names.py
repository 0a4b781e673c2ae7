"""Names people give things (rituals, important dates): how they are cleaned and matched.

One rule for every named thing: a name is one line of text with inner spaces
collapsed, at most `MAX_NAME` characters; names compare without case, and a
command may use any unique prefix of one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from typing import TypeVar

from sparklog.core.text import clean_text
from sparklog.errors import InvalidText, NotFound, UsageError

T = TypeVar("T")

MAX_NAME = 60


def name_key(name: str) -> str:
    """What names are compared by: case does not matter."""
    return name.lower()


def clean_name(raw: str, what: str) -> str:
    """A name as stored, or one clear error naming `what` it is ("date name")."""
    name = " ".join(clean_text(raw, what).split())
    if len(name) > MAX_NAME:
        raise InvalidText(f"the {what} is {len(name)} characters; the limit is {MAX_NAME}")
    return name


def match_name(
    items: Collection[T],
    name: str,
    *,
    name_of: Callable[[T], str],
    noun: str,
    plural: str,
    add_hint: str,
) -> T:
    """The one item `name` means: an exact name, else a unique prefix (any case).

    Unknown and ambiguous names raise an error listing the candidates; a typo
    gets the closest name suggested. `noun` and `plural` name the things in the
    messages ("date", "dates"); `add_hint` says how to make one.
    """
    key = name_key(" ".join(name.split()))
    if not key:
        raise UsageError(f"give a {noun} name")
    for item in items:
        if name_key(name_of(item)) == key:
            return item
    matches = [item for item in items if name_key(name_of(item)).startswith(key)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(name_of(item) for item in matches)
        raise UsageError(f"{name!r} could mean {listed}; type more of the name")
    if not items:
        raise NotFound(f"no {noun} called {name!r}; there are none yet ({add_hint})")
    keys = {name_key(name_of(item)): item for item in items}
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
    if not close:
        # A typo in the first letters defeats prefix matching; compare prefixes too.
        cut = {k[: len(key)]: k for k in keys}
        close = [cut[c] for c in difflib.get_close_matches(key, list(cut), n=1, cutoff=0.6)]
    hint = f"; did you mean {name_of(keys[close[0]])!r}?" if close else ""
    listed = ", ".join(name_of(item) for item in items)
    raise NotFound(f"no {noun} called {name!r}{hint} ({plural}: {listed})")
