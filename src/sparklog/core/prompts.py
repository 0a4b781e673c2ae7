"""The deck behind `sparklog prompt` and `sparklog checkin`: questions to ask,
things to notice, memories to revisit, new things to try together.

The day's prompt comes from the journal day alone, so it needs no stored state:
each deck is walked in a fixed, scrambled order, one step per day. The step is
coprime with the deck's size, so a prompt comes back only after every other one
in its deck has had its day (at least a week: every deck holds more than seven).
The plain `prompt` walks all decks dealt in turns; the decks are kept the same
size, so that walk brings a different kind each day, all four in any four days.

Every prompt has an id that never changes once written, so an answer saved as a
reflection can name its question even after the wording is polished or the deck
grows. New prompts get new ids; an id is never reused.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum
from math import gcd
from typing import NamedTuple

from sparklog.core.entries import Lang


class PromptKind(StrEnum):
    CHECKIN = "checkin"
    APPRECIATION = "appreciation"
    MEMORY = "memory"
    NOVELTY = "novelty"


class Prompt(NamedTuple):
    kind: PromptKind
    id: str
    text: str
    lang: Lang | None = None


def _deck(kind: PromptKind, *items: tuple[str, str]) -> tuple[Prompt, ...]:
    return tuple(Prompt(kind, id_, text) for id_, text in items)


CHECKIN = _deck(
    PromptKind.CHECKIN,
    ("checkin-01", "What was the best moment of your day, even a tiny one?"),
    ("checkin-02", "Is there something on your mind you haven't found the moment to say?"),
    ("checkin-03", "What could I take off your plate this week?"),
    ("checkin-04", "When did you feel closest to me lately?"),
    ("checkin-05", "What are you looking forward to right now?"),
    ("checkin-06", "How are you sleeping, honestly?"),
    ("checkin-07", "Did anything I did recently land the wrong way?"),
    ("checkin-08", "What would make this weekend feel restful for you?"),
    ("checkin-09", "What is using up most of your energy at the moment?"),
    ("checkin-10", "Which of our routines do you want to keep, and which could we drop?"),
    ("checkin-11", "What would you like a little more of from me this month?"),
    ("checkin-12", "What are you proud of from this week?"),
    ("checkin-13", "Is there a worry you'd like me to just listen to, without fixing it?"),
    ("checkin-14", "How do you feel about the way we share the chores lately?"),
    ("checkin-15", "What small thing could I do tomorrow to make your day easier?"),
    ("checkin-16", "When did you last feel really seen by me?"),
    ("checkin-17", "What is something new you'd like us to try together?"),
    ("checkin-18", "What do you need more of this week: time together, or time on your own?"),
    ("checkin-19", "Is there a conversation we keep putting off?"),
    ("checkin-20", "What made you laugh this week?"),
    ("checkin-21", "How can I back you up before your next hard day?"),
    ("checkin-22", "What has been on repeat in your head today?"),
    ("checkin-23", "What is one thing you'd like us to plan for the month ahead?"),
    ("checkin-24", "What did you need today that you didn't get?"),
    ("checkin-25", "Which part of this week would you happily live again?"),
    ("checkin-26", "How are you feeling about work lately, honestly?"),
    ("checkin-27", "Is there a friend or someone in the family on your mind right now?"),
    ("checkin-28", "What would a good evening together look like tonight?"),
    ("checkin-29", "Is there something about us you've been quietly worrying about?"),
    ("checkin-30", "What do you wish I asked you about more often?"),
    ("checkin-31", "What is one small promise we could make each other for this week?"),
    ("checkin-32", "Where did you feel most like yourself this week?"),
)

_APPRECIATION_GENERAL = _deck(
    PromptKind.APPRECIATION,
    ("appreciation-01", "What is your partner quietly getting better at?"),
    ("appreciation-02", "Which of their habits makes your home a nicer place to be?"),
    ("appreciation-03", "When did they show patience lately, with you or someone else?"),
    ("appreciation-04", "What do they do for other people that you admire?"),
    ("appreciation-05", "What would you miss first if they were away for a week?"),
    ("appreciation-06", 'Finish the sentence, then say it to them: "I love the way you…"'),
    ("appreciation-07", "What have they taught you, on purpose or by accident?"),
    ("appreciation-08", "Which of their quirks do you secretly enjoy?"),
    ("appreciation-09", "When did they last make you feel safe?"),
    ("appreciation-10", "Think of a hard moment they handled well. What exactly did they do?"),
    ("appreciation-11", "What did they remember that you expected them to forget?"),
    ("appreciation-12", "What about them would your younger self be glad to hear?"),
    ("appreciation-25", "What did they say recently that made you feel understood?"),
    ("appreciation-26", "Which of their strengths do you lean on without thinking about it?"),
    ("appreciation-27", "What do they do that makes a guest feel at home?"),
    ("appreciation-28", "How have they grown since the two of you first met?"),
    ("appreciation-29", "When did they make you laugh just when you needed it?"),
    ("appreciation-30", "Which small habit of theirs would you miss if it stopped?"),
    ("appreciation-31", "What did they give up lately so that something could work for you?"),
    ("appreciation-32", "When did someone else tell you something kind about them?"),
)


def _lang_deck(*items: tuple[Lang, str, str]) -> tuple[Prompt, ...]:
    return tuple(Prompt(PromptKind.APPRECIATION, id_, text, lang) for lang, id_, text in items)


_APPRECIATION_LANGUAGES = _lang_deck(
    (Lang.WORDS, "appreciation-13", "Tell them one quality you admire in them, out loud, today."),
    (Lang.WORDS, "appreciation-14", "Which sentence of theirs from this week stayed with you?"),
    (
        Lang.WORDS,
        "appreciation-15",
        "Thank them for something they probably think you never noticed.",
    ),
    (Lang.ACTS, "appreciation-16", "What did they do today that made your life a little easier?"),
    (Lang.ACTS, "appreciation-17", "Which chore did they take on without being asked?"),
    (Lang.ACTS, "appreciation-18", "Do one of their usual tasks tonight, and don't mention it."),
    (
        Lang.GIFTS,
        "appreciation-19",
        "Notice a small thing they brought you: a snack, a song, a link.",
    ),
    (
        Lang.GIFTS,
        "appreciation-20",
        'Bring them something small tomorrow that says "I thought of you".',
    ),
    (
        Lang.TIME,
        "appreciation-21",
        "When did you last have their full attention? What did it feel like?",
    ),
    (Lang.TIME, "appreciation-22", "Plan twenty phone-free minutes together this week."),
    (
        Lang.TOUCH,
        "appreciation-23",
        "Notice a moment of touch today: a hand on your back, a hug at the door.",
    ),
    (
        Lang.TOUCH,
        "appreciation-24",
        "Offer a long hug tonight, and stay in it a little longer than usual.",
    ),
)

APPRECIATION = _APPRECIATION_GENERAL + _APPRECIATION_LANGUAGES

MEMORY = _deck(
    PromptKind.MEMORY,
    ("memory-01", "What do you each remember about the first time you met?"),
    ("memory-02", "What was your first impression of each other, and how right was it?"),
    ("memory-03", "Where was your first trip together, and what went sideways?"),
    ("memory-04", "What was the first meal you cooked for each other?"),
    ("memory-05", "When did you first know this was serious?"),
    ("memory-06", "Which song takes you both straight back to one particular moment?"),
    ("memory-07", "What tiny memory from your early days does nobody else know?"),
    ("memory-08", "Which photo of the two of you do you love most, and why?"),
    ("memory-09", "What was your first home together like, creaks and all?"),
    ("memory-10", "Retell your first real disagreement. What did it teach you?"),
    ("memory-11", "What is the funniest thing that ever happened on one of your dates?"),
    ("memory-12", "When did they surprise you the most?"),
    ("memory-13", "Which place would you love to go back to together?"),
    ("memory-14", "What was the first present they gave you?"),
    ("memory-15", "Which tradition of yours started without anyone planning it?"),
    ("memory-16", "Remember a time you got lost together. What happened next?"),
    ("memory-17", "What did your first holidays as a couple look like?"),
    ("memory-18", "When did you first laugh together until it hurt?"),
    ("memory-19", "What is the hardest thing you got through together, and what carried you?"),
    ("memory-20", "What did you do on your first lazy Sunday together?"),
    ("memory-21", "How did you spend your first birthday together?"),
    ("memory-22", "Which meal out together do you still talk about?"),
    ("memory-23", "What is the best surprise either of you ever planned?"),
    ("memory-24", "What did your first week living together teach you?"),
    ("memory-25", "Which walk together do you remember best, and where did it lead?"),
    ("memory-26", "When did you first meet each other's families, and how did it go?"),
    ("memory-27", "What was the first joke only the two of you understood?"),
    ("memory-28", "Which rainy day together turned out to be one of the best?"),
    ("memory-29", "What did you each bring to your first home that you still keep?"),
    ("memory-30", "When did you first feel like a real team?"),
    ("memory-31", "What was the first thing the two of you fixed or built together?"),
    ("memory-32", "Which evening from your first year together would you live again?"),
)

NOVELTY = _deck(
    PromptKind.NOVELTY,
    ("novelty-01", "Cook a dish from a country neither of you has been to."),
    ("novelty-02", "Take a different route on your next walk and see where it leads."),
    ("novelty-03", "Learn to say three things in a new language together tonight."),
    ("novelty-04", "Try a class neither of you has taken: pottery, salsa, climbing."),
    ("novelty-05", "Plan a day out in a town you've only ever driven through."),
    ("novelty-06", "Swap playlists for a day, then tell each other about one song."),
    ("novelty-07", "Get up early once this month and watch the sunrise somewhere new."),
    ("novelty-08", "Pick a board game neither of you knows and learn it together."),
    ("novelty-09", "Visit the museum or gallery you keep saying you'll get to."),
    ("novelty-10", "Cook together, each of you bringing one surprise ingredient."),
    ("novelty-11", "Have a picnic somewhere unusual, even if it's the living room floor."),
    ("novelty-12", "Go out on a clear night and learn to find one new constellation."),
    ("novelty-13", "Eat at the place on your street you always walk past."),
    ("novelty-14", "Read the same short story on your own, then talk it over at dinner."),
    ("novelty-15", "Write each other a short letter and swap them at the end of the week."),
    ("novelty-16", "Spend one evening with the screens off and a question you've never asked."),
    ("novelty-17", "Go to a show, a concert or a match neither of you would usually pick."),
    ("novelty-18", "Make something together with your hands: a shelf, a cake, a planter."),
    ("novelty-19", "Plan a date your partner would never expect you to choose."),
    ("novelty-20", "Take photos of each other on a walk, then each pick a favourite."),
    ("novelty-21", "Try a new sport for an afternoon and enjoy being beginners."),
    ("novelty-22", "Give a morning together to a cause you both care about."),
    ("novelty-23", "Recreate your first date, with one new twist."),
    ("novelty-24", "Shop a market together and cook with whatever catches your eye."),
    ("novelty-25", "Learn a simple dance from a video, right there in the kitchen."),
    ("novelty-26", "Take a night walk around your neighbourhood and notice what's new."),
    ("novelty-27", "Write down ten places to see together, then book the first one."),
    ("novelty-28", "Order the dish you've both always been too wary to try."),
    ("novelty-29", "Take a train somewhere just to have lunch there and come back."),
    ("novelty-30", "Teach each other something you're good at, twenty minutes each."),
    ("novelty-31", "Spend an afternoon in a library, each choosing a book for the other."),
    ("novelty-32", "Meet for breakfast somewhere new on a weekday, before work."),
)

DECKS: dict[PromptKind, tuple[Prompt, ...]] = {
    PromptKind.CHECKIN: CHECKIN,
    PromptKind.APPRECIATION: APPRECIATION,
    PromptKind.MEMORY: MEMORY,
    PromptKind.NOVELTY: NOVELTY,
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


def _position(day: date, size: int) -> int:
    return (day.toordinal() * _step(size)) % size


def prompt_for(day: date, kind: PromptKind | None = None) -> Prompt:
    """The prompt of a journal day: the same all day, none repeated within a week."""
    deck = deck_for(kind)
    return deck[_position(day, len(deck))]


BY_ID: dict[str, Prompt] = {prompt.id: prompt for prompt in ALL}
"""Every prompt by its id, for reading back which question a reflection answered."""

CHECKIN_QUESTIONS = 3
CHECKINS_REMEMBERED = 3
"""A check-in's questions differ from those of this many check-ins before it."""


def checkin_questions(day: date, recent: Collection[str] = ()) -> tuple[Prompt, ...]:
    """The three questions of a check-in held on `day`.

    `recent` holds the prompt ids asked in the last three check-ins; none of
    them comes back. The deck is walked from the day's own check-in prompt in
    the same coprime order as `prompt_for`, so the choice is the same all day
    and needs nothing stored beyond the questions already asked. The deck holds
    more than the (3 + 1) x 3 questions this needs, so three are always found.
    """
    size = len(CHECKIN)
    step = _step(size)
    start = _position(day, size)
    chosen: list[Prompt] = []
    for offset in range(size):
        prompt = CHECKIN[(start + offset * step) % size]
        if prompt.id not in recent:
            chosen.append(prompt)
            if len(chosen) == CHECKIN_QUESTIONS:
                break
    return tuple(chosen)
