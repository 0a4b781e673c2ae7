"""Command-line values turned into Python values without Pydantic.

Typer (0.29) coerces each value through a Pydantic TypeAdapter, built when the
value is first read; importing Pydantic and building the adapters costs a read
command about as much as everything else it does. sparklog's parameters are all
plain (text, whole numbers with bounds, a choice from an enum, flags, lists of
text), so they are coerced here instead, with the same outcomes and messages.
Anything else keeps Typer's own coercion.

This reaches into Typer's internals (`_TyperParameter._runtime_param`,
`typer._coercion.RuntimeParam`), which is why pyproject.toml pins the Typer
range that the tests run on.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

from typer._click.core import Command, Context
from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam
from typer._param_types import coerce_cli_choice
from typer.core import TyperGroup, _TyperParameter

from sparklog.cli.metavars import use_plain_metavar

_TRUE = frozenset(("1", "true", "t", "yes", "y", "on"))
_FALSE = frozenset(("0", "false", "f", "no", "n", "off", ""))


@dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """Coercion of one parameter whose type is str, int, bool or an Enum (or a list of one)."""

    leaf: Any
    many: bool

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if self.many:
            items = value if isinstance(value, list | tuple) else [value]
            return [self._one(item, param, ctx) for item in items]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        if self.leaf is str:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if self.leaf is bool:
            return _boolean(value, param, ctx)
        if self.leaf is int:
            return self._whole_number(value, param, ctx)
        try:
            return coerce_cli_choice(
                value,
                choices=list(self.leaf),
                case_sensitive=self.parameter_info.case_sensitive,
                ctx=ctx,
            )
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None

    def _whole_number(self, value: Any, param: _TyperParameter, ctx: Context) -> int:
        if isinstance(value, bool):
            raise BadParameter("use a whole number", ctx=ctx, param=param)
        try:
            number = value if isinstance(value, int) else int(str(value).strip(), 10)
        except ValueError:
            raise BadParameter("use a whole number", ctx=ctx, param=param) from None
        low, high = self.parameter_info.min, self.parameter_info.max
        if low is not None and number < low:
            raise BadParameter(f"use {low} or more", ctx=ctx, param=param)
        if high is not None and number > high:
            raise BadParameter(f"use {high} or less", ctx=ctx, param=param)
        return number


def _boolean(value: Any, param: _TyperParameter, ctx: Context) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise BadParameter(f"{value!r} is not yes or no", ctx=ctx, param=param)


def _plain(param: _TyperParameter) -> PlainParam | None:
    """A plain coercion for this parameter, or None when Typer's own is needed."""
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.is_file or info.parser is not None or info.clamp:
        return None
    annotation: Any = descriptor.annotation
    many = False
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
        many = True
    simple = annotation in (str, int, bool)
    if not simple and not (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return None
    return PlainParam(
        parameter_info=info, annotation=descriptor.annotation, leaf=annotation, many=many
    )


def _give_plain(param: object) -> None:
    use_plain_metavar(param)
    if isinstance(param, _TyperParameter) and param._runtime_param is None:
        param._runtime_param = _plain(param)


def use_plain_coercion(command: Command) -> Command:
    """Give every parameter of `command` (and of its subcommands) the plain coercion,
    and plain labels in its help (`sparklog.cli.metavars`).

    The `--help` option is made when a command is first parsed, so it gets
    its coercion then.
    """
    for param in command.params:
        _give_plain(param)
    built = command.get_help_option

    def get_help_option(ctx: Context) -> Any:
        option = built(ctx)
        _give_plain(option)
        return option

    command.get_help_option = get_help_option  # type: ignore[method-assign]
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            use_plain_coercion(sub)
    return command
