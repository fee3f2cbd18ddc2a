"""The ``routemap`` command line: validate and export the dataset without the dashboard.

Exit status: 0 on success, 1 when the data or the request has a problem (every
problem is printed, never a traceback), 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from routemap.errors import DataError, RoutemapError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
#: Kept here, not imported from routemap.export, so `routemap --help` stays fast.
FORMATS = ("geojson", "csv", "kml", "html", "png")
BASEMAPS = ("esri", "osm", "none")


def parse_days(text: str) -> tuple[date, date]:
    """``2025-05-28`` or ``2025-05-28..2025-05-30`` as a (first, last) pair."""
    first, _, last = text.partition("..")
    try:
        return date.fromisoformat(first), date.fromisoformat(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)"
        ) from None


def _add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=None,
                        help="a data folder or an itinerary .geojson file "
                             "(default: the shipped dataset)")


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (the dashboard's panels)")
    group.add_argument("--day", type=parse_days, metavar="DAY[..DAY]",
                       help="one day or an inclusive range, e.g. 2025-05-28..2025-05-31")
    group.add_argument("--theme", action="append", default=[], metavar="THEME",
                       help="a theme id; repeat for several")
    group.add_argument("--city", action="append", default=[], metavar="CITY",
                       help="a city id; repeat for several")
    group.add_argument("--kind", action="append", default=[], metavar="KIND",
                       help="a kind id; repeat for several")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="routemap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a dataset; list every problem")
    _add_path(validate)
    export = sub.add_parser("export", help="write the route as GeoJSON, CSV, KML, a standalone HTML map "
                                           "or a PNG image")
    _add_path(export)
    export.add_argument("--format", required=True, choices=FORMATS,
                        help="html: one file that opens offline; png: needs a headless Chromium")
    export.add_argument("-o", "--output", type=Path,
                        help="file to write (default: standard output; png needs a file)")
    export.add_argument("--basemap", choices=BASEMAPS, default=None,
                        help="tiles behind an html or png map (default: esri; none: no network at all)")
    _add_filters(export)
    return parser


def _selection(args: argparse.Namespace):
    from routemap.filters import Selection

    first, last = args.day if args.day else (None, None)
    return Selection(first_day=first, last_day=last,
                     themes=frozenset(args.theme) or None,
                     cities=frozenset(args.city) or None,
                     kinds=frozenset(args.kind) or None)


def _validate(args: argparse.Namespace) -> int:
    from routemap import route
    from routemap.data import load_dataset

    dataset = load_dataset(args.path)
    stops = route.stops(dataset.places)
    print(f"OK: {dataset.origin}: {len(dataset.cities)} cities, {len(dataset.legs)} legs, "
          f"{len(stops)} stops, {len(dataset.places) - len(stops)} mentioned places.")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from routemap import export, filters
    from routemap.data import load_dataset

    if args.format in export.BINARY_FORMATS and args.output is None:
        raise RoutemapError(f"{args.format.upper()} is a binary image: give a file to write with "
                            f"-o FILE (e.g. -o route.{args.format}).")
    view = filters.apply(load_dataset(args.path), _selection(args))
    if args.output is None:
        sys.stdout.write(export.export_text(view, args.format, basemap=args.basemap))
    else:
        args.output.write_bytes(export.export_bytes(view, args.format, basemap=args.basemap))
        print(f"Wrote {args.output}", file=sys.stderr)
    return EXIT_OK


COMMANDS = {"validate": _validate, "export": _export}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(exc.summary(), file=sys.stderr)
    except RoutemapError as exc:
        print(f"routemap: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"routemap: {exc.strerror}: {exc.filename}", file=sys.stderr)
    return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
