"""The command line's limit options, the same for every command that reads a PATH.

``--limit NAME=VALUE`` (repeatable) changes any limit of
:class:`routemap.model.limits.Limits`; ``--max-bytes`` and ``--max-rows`` are
short for the two most often raised. The dashboard's Upload page uses the defaults.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from routemap.model import limits
from routemap.model.errors import RoutemapError


def limit_option(text: str) -> tuple[str, int]:
    """``NAME=VALUE`` of ``--limit``, as argparse wants it: its error names the limits there are."""
    try:
        return limits.parse_limit(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_limits(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("limits (docs/data.md, docs/import.md: the same as the dashboard's)")
    group.add_argument(
        "--limit",
        action="append",
        default=[],
        type=limit_option,
        metavar="NAME=VALUE",
        help="raise (or lower) one limit, e.g. --limit max_rows=100000; repeatable. "
        f"NAME is one of {', '.join(limits.LIMIT_NAMES)}",
    )
    group.add_argument("--max-bytes", type=int, metavar="N", help="short for --limit max_file_bytes=N")
    group.add_argument("--max-rows", type=int, metavar="N", help="short for --limit max_rows=N")


def limits_of(args: argparse.Namespace) -> limits.Limits:
    """The limits a command runs with: the defaults, changed by ``--limit``, ``--max-bytes``, ``--max-rows``."""
    changes = dict(args.limit)
    if args.max_bytes is not None:
        changes["max_file_bytes"] = args.max_bytes
    if args.max_rows is not None:
        changes["max_rows"] = args.max_rows
    try:
        return replace(limits.DEFAULT_LIMITS, **changes)
    except ValueError as exc:
        raise RoutemapError(str(exc)) from None
