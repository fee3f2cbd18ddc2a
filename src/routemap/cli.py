"""The ``routemap`` command line: validate, export and geocode the dataset without the dashboard.

Exit status: 0 on success, 1 when the data or the request has a problem (every
problem is printed, never a traceback), 2 for a malformed command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from routemap.cli_limits import add_limits, limits_of
from routemap.export import table as exportformats
from routemap.map import basemaps
from routemap.model.errors import DataError, RoutemapError
from routemap.model.i18n import DEFAULT_LANG, LANGS

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2
FORMATS = exportformats.IDS


def parse_days(text: str) -> tuple[date, date]:
    """``2024-04-02`` or ``2024-04-02..2024-04-04`` as a (first, last) pair."""
    first, _, last = text.partition("..")
    try:
        return date.fromisoformat(first), date.fromisoformat(last or first)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)"
        ) from None


def _add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="a data folder, an itinerary .geojson file, or a file to import: .kml, .kmz, .csv (routemap's import "
        "template), .zip of a data folder (default: the shipped dataset)",
    )
    add_limits(parser)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (the dashboard's panels)")
    group.add_argument(
        "--day",
        type=parse_days,
        metavar="DAY[..DAY]",
        help="one day or an inclusive range, e.g. 2024-04-02..2024-04-05",
    )
    group.add_argument("--theme", action="append", default=[], metavar="THEME", help="a theme id; repeat for several")
    group.add_argument("--city", action="append", default=[], metavar="CITY", help="a city id; repeat for several")
    group.add_argument("--kind", action="append", default=[], metavar="KIND", help="a kind id; repeat for several")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="routemap", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check a dataset; list every problem")
    _add_path(validate)
    export = sub.add_parser("export", help="write the route as GeoJSON, CSV, KML, a standalone HTML map or a PNG image")
    _add_path(export)
    export.add_argument(
        "--format",
        required=True,
        choices=FORMATS,
        help="html: one file that opens offline; png: needs a headless Chromium",
    )
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output; png needs a file)")
    export.add_argument(
        "--basemap",
        choices=basemaps.IDS,
        default=None,
        help=f"what is drawn under an html or png map (default: {basemaps.EXPORT_BASEMAP}). {basemaps.help_text()}",
    )
    export.add_argument(
        "--lang",
        choices=LANGS,
        default=DEFAULT_LANG,
        help="language of the names and labels of kml, html and png (both: English and 中文; default: en); "
        "geojson and csv carry both names as data",
    )
    _add_filters(export)
    geocode = sub.add_parser(
        "geocode",
        help="resolve every place offline first (cache, gazetteer), "
        "online only with --online; --check stored coordinates",
    )
    geocode.add_argument(
        "path",
        nargs="?",
        type=Path,
        default=None,
        help="a data folder, an itinerary .geojson file, or an itinerary CSV of names "
        "(columns name[,city,province,country,lat,lon]; default: the shipped dataset)",
    )
    add_limits(geocode)
    geocode.add_argument(
        "--online",
        action="store_true",
        help="ask the online geocoder for what the cache and the gazetteer cannot answer",
    )
    geocode.add_argument(
        "--check",
        action="store_true",
        help="compare each stored coordinate with its geocode; flag the far and the misplaced",
    )
    geocode.add_argument(
        "--geocoder", default="nominatim", metavar="NAME", help="a geopy service name for --online (default: nominatim)"
    )
    geocode.add_argument(
        "--geocoder-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for the geocoder, e.g. domain=nominatim.example.org; repeatable",
    )
    geocode.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="per request (default: 10)")
    geocode.add_argument(
        "--write",
        action="store_true",
        help="save new answers to the cache (and, for a data folder, its own coordinates)",
    )
    geocode.add_argument(
        "--threshold",
        type=float,
        default=5.0,
        metavar="KM",
        help="--check flags points further than this from their geocode (default: 5)",
    )
    geocode.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="FILE",
        help="the cache file (default: geocache.json in the data folder)",
    )
    return parser


def _selection(args: argparse.Namespace):
    from routemap.view.filters import Selection

    first, last = args.day if args.day else (None, None)
    return Selection(
        first_day=first,
        last_day=last,
        themes=frozenset(args.theme) or None,
        cities=frozenset(args.city) or None,
        kinds=frozenset(args.kind) or None,
    )


@contextmanager
def _writing(path: Path | None) -> Iterator[None]:
    """Turn a failure to write ``path`` into a message naming it.

    An :class:`OSError` from a write, such as a full disk's ``ENOSPC``, carries no
    file name; only the caller knows which file it was writing.
    """
    try:
        yield
    except OSError as exc:
        raise RoutemapError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _validate(args: argparse.Namespace) -> int:
    from routemap.load.folder import load_dataset

    dataset = load_dataset(args.path, limits=limits_of(args))
    stops = dataset.route_stops
    print(
        f"OK: {dataset.origin}: {len(dataset.cities)} cities, {len(dataset.legs)} legs, "
        f"{len(stops)} stops, {len(dataset.places) - len(stops)} mentioned places."
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from routemap.export import formats as export
    from routemap.load.folder import load_dataset
    from routemap.view import filters

    if args.format in export.BINARY_FORMATS and args.output is None:
        raise RoutemapError(
            f"{args.format.upper()} is a binary image: give a file to write with -o FILE (e.g. -o route.{args.format})."
        )
    view = filters.apply(load_dataset(args.path, limits=limits_of(args)), _selection(args))
    if args.output is None:
        sys.stdout.write(export.export_text(view, args.format, basemap=args.basemap, lang=args.lang))
    else:
        data = export.export_bytes(view, args.format, basemap=args.basemap, lang=args.lang)
        with _writing(args.output):
            args.output.write_bytes(data)
        print(f"Wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _geocode(args: argparse.Namespace) -> int:
    """Resolve (or with --check, check) every point of PATH; see docs/geocoding.md."""
    from datetime import date as _date

    from tqdm import tqdm

    from routemap.geo import online as online_geo
    from routemap.geo import resolve
    from routemap.geo.cache import CACHE_FILE, GeoCache
    from routemap.load import geocheck
    from routemap.load.folder import default_data_dir, load_dataset

    path, problems, bounds = args.path, [], limits_of(args)
    if path is not None and path.is_file() and path.suffix.lower() == ".csv":
        targets, folder = geocheck.read_itinerary_csv(path, limits=bounds), None
    elif path is None or path.is_dir():
        # Not load_dataset: a folder whose blank coordinates are unknown offline does not load,
        # and looking them up is what this command is for. Its other problems are told, and kept.
        folder = default_data_dir() if path is None else path
        targets, problems = geocheck.folder_targets(folder, limits=bounds)
        if problems:
            print(DataError(problems).summary(), file=sys.stderr)
    else:
        targets, folder = geocheck.dataset_targets(load_dataset(path, limits=bounds)), None
    cache = GeoCache.load(args.cache or (folder or default_data_dir()) / CACHE_FILE)
    online = None
    if args.online:
        options = dict(o.partition("=")[::2] for o in args.geocoder_option)
        online = online_geo.online_geocoder(args.geocoder, timeout=args.timeout, **options)
    elif args.geocoder != online_geo.DEFAULT_SERVICE or args.geocoder_option:
        print("routemap: --geocoder and --geocoder-option have no effect without --online", file=sys.stderr)
    with tqdm(
        total=len(targets),
        desc="check" if args.check else "geocode",
        unit="place",
        file=sys.stderr,
        disable=None,
        leave=False,
    ) as bar:

        def progress(done: int, total: int, name: str) -> None:
            bar.update(1)

        if args.check:
            resolver = resolve.Resolver(cache, online=online, trust_dataset=False)
            findings = geocheck.check_targets(targets, resolver, threshold_km=args.threshold, progress=progress)
        else:
            _, report = resolve.resolve_places(
                targets, online=online is not None, geocoder=online, cache=cache, progress=progress, only_missing=False
            )
    if args.check:
        for finding in findings:
            if finding.level != "ok":
                print(finding)
        levels = [f.level for f in findings]
        bad = levels.count("flag")
        print(
            f"Checked {len(targets)} points: {bad} flagged, {levels.count('note')} not compared, "
            f"{levels.count('ok')} fine (threshold {args.threshold:g} km).",
            file=sys.stderr,
        )
    else:
        _print_resolutions(report.resolutions)
        for res in report.failed:
            print(f"routemap: {res.name!r}: {res.detail}", file=sys.stderr)
        bad = len(report.failed)
        print(report.summary(), file=sys.stderr)
    if online is not None and online.down:
        print(f"routemap: online geocoding stopped: {online.down}", file=sys.stderr)
        bad += 1
    bad += len(problems)
    if args.write:
        if folder is not None and not problems:
            geocheck.seed_cache(cache, targets, _date.today())
        elif problems:
            print(
                "routemap: the dataset has problems, so only the answers looked up are saved, not its own coordinates",
                file=sys.stderr,
            )
        added = len(cache.added)
        with _writing(cache.path):
            saved = cache.save()
        print(
            f"Wrote {added} new entr{'y' if added == 1 else 'ies'} to {cache.path}"
            if saved
            else f"Cache unchanged: {cache.path}",
            file=sys.stderr,
        )
    elif cache.added:
        print(
            f"routemap: {len(cache.added)} new answer(s) not saved; add --write to keep them "
            "(so they are never asked again)",
            file=sys.stderr,
        )
    return EXIT_PROBLEM if bad else EXIT_OK


def _print_resolutions(resolutions: list) -> None:
    """The resolved points as CSV on standard output: name, lat, lon, source, detail."""
    import csv

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["name", "query", "lat", "lon", "resolved_from", "detail"])
    for r in resolutions:
        writer.writerow(
            [r.name, r.query, "" if r.lat is None else r.lat, "" if r.lon is None else r.lon, r.source, r.detail]
        )


COMMANDS = {"validate": _validate, "export": _export, "geocode": _geocode}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        print(exc.summary(), file=sys.stderr)
    except RoutemapError as exc:
        print(f"routemap: {exc}", file=sys.stderr)
    except OSError as exc:  # one no caller named a file for: say what we know, never "None"
        where = f": {exc.filename}" if exc.filename is not None else ""
        print(f"routemap: {exc.strerror or exc}{where}", file=sys.stderr)
    return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
