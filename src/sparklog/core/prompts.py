"""The deck behind `sparklog prompt`: questions to ask, things to notice, memories to revisit.

The day's prompt comes from the journal day alone, so it needs no stored state:
each deck is walked in a fixed, scrambled order, one step per day. The step is
coprime with the deck's size, so a prompt comes back only after every other one
in its deck has had its day (at least a week: every deck holds more than seven).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from math import gcd

from sparklog.core.entries import Lang


class PromptKind(StrEnum):
    CHECKIN = "checkin"
    APPRECIATION = "appreciation"
    MEMORY = "memory"


@dataclass(frozen=True)
class Prompt:
    kind: PromptKind
    text: str
    lang: Lang | None = None


def _deck(kind: PromptKind, *texts: str) -> tuple[Prompt, ...]:
    return tuple(Prompt(kind, text) for text in texts)


CHECKIN = _deck(
    PromptKind.CHECKIN,
    "What was the best moment of your day, even a tiny one?",
    "Is there something on your mind you haven't found the moment to say?",
    "What could I take off your plate this week?",
    "When did you feel closest to me lately?",
    "What are you looking forward to right now?",
    "How are you sleeping, honestly?",
    "Did anything I did recently land the wrong way?",
    "What would make this weekend feel restful for you?",
    "What is using up most of your energy at the moment?",
    "Which of our routines do you want to keep, and which could we drop?",
    "What would you like a little more of from me this month?",
    "What are you proud of from this week?",
    "Is there a worry you'd like me to just listen to, without fixing it?",
    "How do you feel about the way we share the chores lately?",
    "What small thing could I do tomorrow to make your day easier?",
    "When did you last feel really seen by me?",
    "What is something new you'd like us to try together?",
    "What do you need more of this week: time together, or time on your own?",
    "Is there a conversation we keep putting off?",
    "What made you laugh this week?",
    "How can I back you up before your next hard day?",
    "What has been on repeat in your head today?",
)

_APPRECIATION_GENERAL = _deck(
    PromptKind.APPRECIATION,
    "What is your partner quietly getting better at?",
    "Which of their habits makes your home a nicer place to be?",
    "When did they show patience lately, with you or someone else?",
    "What do they do for other people that you admire?",
    "What would you miss first if they were away for a week?",
    'Finish the sentence, then say it to them: "I love the way you…"',
    "What have they taught you, on purpose or by accident?",
    "Which of their quirks do you secretly enjoy?",
    "When did they last make you feel safe?",
    "Think of a hard moment they handled well. What exactly did they do?",
    "What did they remember that you expected them to forget?",
    "What about them would your younger self be glad to hear?",
)


def _lang_deck(*pairs: tuple[Lang, str]) -> tuple[Prompt, ...]:
    return tuple(Prompt(PromptKind.APPRECIATION, text, lang) for lang, text in pairs)


_APPRECIATION_LANGUAGES = _lang_deck(
    (Lang.WORDS, "Tell them one quality you admire in them, out loud, today."),
    (Lang.WORDS, "Which sentence of theirs from this week stayed with you?"),
    (Lang.WORDS, "Thank them for something they probably think you never noticed."),
    (Lang.ACTS, "What did they do today that made your life a little easier?"),
    (Lang.ACTS, "Which chore did they take on without being asked?"),
    (Lang.ACTS, "Do one of their usual tasks tonight, and don't mention it."),
    (Lang.GIFTS, "Notice a small thing they brought you: a snack, a song, a link."),
    (Lang.GIFTS, 'Bring them something small tomorrow that says "I thought of you".'),
    (Lang.TIME, "When did you last have their full attention? What did it feel like?"),
    (Lang.TIME, "Plan twenty phone-free minutes together this week."),
    (Lang.TOUCH, "Notice a moment of touch today: a hand on your back, a hug at the door."),
    (Lang.TOUCH, "Offer a long hug tonight, and stay in it a little longer than usual."),
)

APPRECIATION = _APPRECIATION_GENERAL + _APPRECIATION_LANGUAGES

MEMORY = _deck(
    PromptKind.MEMORY,
    "What do you each remember about the first time you met?",
    "What was your first impression of each other, and how right was it?",
    "Where was your first trip together, and what went sideways?",
    "What was the first meal you cooked for each other?",
    "When did you first know this was serious?",
    "Which song takes you both straight back to one particular moment?",
    "What tiny memory from your early days does nobody else know?",
    "Which photo of the two of you do you love most, and why?",
    "What was your first home together like, creaks and all?",
    "Retell your first real disagreement. What did it teach you?",
    "What is the funniest thing that ever happened on one of your dates?",
    "When did they surprise you the most?",
    "Which place would you love to go back to together?",
    "What was the first present they gave you?",
    "Which tradition of yours started without anyone planning it?",
    "Remember a time you got lost together. What happened next?",
    "What did your first holidays as a couple look like?",
    "When did you first laugh together until it hurt?",
    "What is the hardest thing you got through together, and what carried you?",
    "What did you do on your first lazy Sunday together?",
)

DECKS: dict[PromptKind, tuple[Prompt, ...]] = {
    PromptKind.CHECKIN: CHECKIN,
    PromptKind.APPRECIATION: APPRECIATION,
    PromptKind.MEMORY: MEMORY,
}


def _mixed() -> tuple[Prompt, ...]:
    """Every prompt, the kinds taking turns, so the plain `prompt` varies by kind too."""
    mixed: list[Prompt] = []
    decks = list(DECKS.values())
    for index in range(max(len(deck) for deck in decks)):
        mixed.extend(deck[index] for deck in decks if index < len(deck))
    return tuple(mixed)


ALL = _mixed()


def _step(size: int) -> int:
    """A stride near a third of the deck that visits every card before repeating."""
    step = max(1, size // 3)
    while gcd(step, size) != 1:
        step += 1
    return step


def deck_for(kind: PromptKind | None) -> tuple[Prompt, ...]:
    return ALL if kind is None else DECKS[kind]


def prompt_for(day: date, kind: PromptKind | None = None) -> Prompt:
    """The prompt of a journal day: the same all day, none repeated within a week."""
    deck = deck_for(kind)
    return deck[(day.toordinal() * _step(len(deck))) % len(deck)]
