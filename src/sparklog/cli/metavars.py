"""Help text that names values the way a person types them: `TEXT`, `N`, `DATE`.

Typer (0.29) labels a value in `--help` by its Python type (`<str>`, `<int>`,
`<list[str]>`), marks a flag with `<bool>`, wraps a required argument in braces
(`{NAME}`) and appends a number's bounds (`[x>=0]`). sparklog's option help already
says what a value may be, so here a parameter shows a plain metavar, a flag shows
nothing after its name, and the usage line reads as Click's does (`NAME`, `[ITEM]...`).

Like `sparklog.cli.coercion`, this leans on Typer's parameter classes, which is
why pyproject.toml pins the Typer range the tests run on.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args, get_origin

from typer._click.core import Context
from typer.core import TyperArgument, TyperOption

_LABELS: dict[Any, str] = {str: "TEXT", int: "N", float: "NUMBER"}


def plain_label(annotation: Any) -> str:
    """The metavar for a value of this type: TEXT, N, or an enum's choices."""
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "|".join(str(member.value) for member in annotation)
    return _LABELS.get(annotation, "VALUE")


class PlainOption(TyperOption):
    def display_type_rich(self, ctx: Context) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        return plain_label(self.type_descriptor.annotation)

    def _get_number_range_help_str(self) -> str | None:
        return None


class PlainArgument(TyperArgument):
    def display_type_rich(self, ctx: Context) -> str | None:
        return None  # the argument's name column already says it

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if not self.required:
            name = f"[{name}]"
        return f"{name}..." if self.nargs != 1 else name

    def _get_number_range_help_str(self) -> str | None:
        return None


def use_plain_metavar(param: object) -> None:
    """Give one of Typer's parameters the plain help labels (others are left alone)."""
    if type(param) is TyperOption:
        param.__class__ = PlainOption
    elif type(param) is TyperArgument:
        param.__class__ = PlainArgument
