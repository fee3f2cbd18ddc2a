"""The command line: exit codes and what it prints, in-process and as the installed script."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from routemap import cli

SHIPPED_OK = "6 cities, 4 legs, 14 stops, 2 mentioned places."


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def break_data(folder: Path) -> None:
    """Three problems in two files."""
    places = folder / "places.csv"
    text = places.read_text(encoding="utf-8")
    text = text.replace(",museum,visited,", ",musuem,visited,", 1)
    text = text.replace("40.062,94.425", "40.062,94.4.25", 1)
    places.write_text(text, encoding="utf-8")
    legs = folder / "legs.csv"
    legs.write_text(
        legs.read_text(encoding="utf-8").replace("xian-yanan,xian,yanan", "xian-yanan,xian,yenan"), encoding="utf-8"
    )


BROKEN = [
    "places.csv, row 4, column 'kind': got 'musuem'",
    "places.csv, row 9, column 'lon': got '94.4.25'",
    "legs.csv, row 2, column 'to': got 'yenan'",
]


# --------------------------------------------------------------------------- validate


def test_validate_shipped_data(capsys):
    code, out, err = run(capsys, "validate")
    assert code == 0
    assert out.startswith("OK: ")
    assert out.rstrip().endswith(SHIPPED_OK)
    assert err == ""


def test_validate_a_folder(capsys, data_copy):
    code, out, _ = run(capsys, "validate", str(data_copy))
    assert (code, out) == (0, f"OK: {data_copy}: {SHIPPED_OK}\n")


def test_validate_lists_every_problem(capsys, data_copy):
    break_data(data_copy)
    code, out, err = run(capsys, "validate", str(data_copy))
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == "3 problems in the dataset:"
    for problem in BROKEN:
        assert f"  - {problem}" in err
    assert "Traceback" not in err


def test_validate_a_missing_path(capsys, tmp_path):
    code, _, err = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 1
    assert f"expected a data folder or an itinerary .geojson file at {tmp_path / 'nowhere'}" in err


def test_validate_an_exported_itinerary(capsys, tmp_path):
    target = tmp_path / "route.geojson"
    assert run(capsys, "export", "--format", "geojson", "-o", str(target))[0] == 0
    code, out, _ = run(capsys, "validate", str(target))
    assert (code, out) == (0, f"OK: {target}: {SHIPPED_OK}\n")


# --------------------------------------------------------------------------- export


def test_export_geojson_to_stdout(capsys):
    code, out, err = run(capsys, "export", "--format", "geojson")
    assert code == 0
    assert err == ""
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection"
    statuses = [f["properties"]["status"] for f in doc["features"] if f["geometry"]["type"] == "Point"]
    assert (statuses.count("visited"), statuses.count("mentioned")) == (14, 2)


def test_export_csv_to_stdout(capsys):
    code, out, _ = run(capsys, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 16
    assert [r["stop"] for r in rows] == [str(n) for n in range(1, 15)] + ["", ""]
    assert rows[0]["id"] == "yanan-leaders-caves"
    assert rows[7]["themes"] == "protecting-the-planet;technology-and-prosperity"
    assert rows[-1]["status"] == "mentioned"


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_export_to_a_file(capsys, tmp_path, fmt):
    target = tmp_path / f"route.{fmt}"
    code, out, err = run(capsys, "export", "--format", fmt, "-o", str(target))
    assert code == 0
    assert out == ""
    assert err == f"Wrote {target}\n"
    _, stdout_text, _ = run(capsys, "export", "--format", fmt)
    assert target.read_bytes() == stdout_text.encode("utf-8")


def test_export_theme_filter(capsys):
    code, out, _ = run(capsys, "export", "--format", "geojson", "--theme", "protecting-the-planet")
    assert code == 0
    ids = [f["properties"]["id"] for f in json.loads(out)["features"] if f["geometry"]["type"] == "Point"]
    assert ids == [
        "dunhuang-shouhang-csp-plant",
        "jiayuguan-jisco-smart-grid",
        "jiayuguan-zixuan-winery",
        "jiayuguan-qimu-dairy",
    ]


def test_export_repeated_themes(capsys):
    code, out, _ = run(
        capsys, "export", "--format", "csv", "--theme", "defend-socialist-china", "--theme", "technology-and-prosperity"
    )
    assert code == 0
    ids = [r["id"] for r in csv.DictReader(io.StringIO(out, newline=""))]
    assert ids == [
        "dunhuang-shouhang-csp-plant",
        "jiayuguan-jisco-smart-grid",
        "shanghai-fudan-china-institute-dialogue",
        "shanghai-lenovo-future-center",
    ]


def test_export_one_day(capsys):
    code, out, _ = run(capsys, "export", "--format", "geojson", "--day", "2025-05-28")
    assert code == 0
    features = json.loads(out)["features"]
    points = [f["properties"] for f in features if f["geometry"]["type"] == "Point"]
    assert [p["stop"] for p in points] == [1, 2, 3, 4]
    assert {p["date"] for p in points} == {"2025-05-28"}
    legs = [f["properties"]["id"] for f in features if f["geometry"]["type"] == "LineString"]
    assert legs == ["xian-yanan"]


def test_export_day_range(capsys):
    code, out, _ = run(capsys, "export", "--format", "csv", "--day", "2025-06-03..2025-06-05")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [r["stop"] for r in rows] == ["12", "13", "14"]  # numbers of the whole route


@pytest.mark.parametrize("day", ["28 May", "2025-05-32", "2025-05-28..June"])
def test_bad_day_is_a_usage_error(capsys, day):
    with pytest.raises(SystemExit) as caught:
        cli.main(["export", "--format", "geojson", "--day", day])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --day: {day!r} is not a day (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)" in err


def test_day_outside_the_trip(capsys):
    code, out, err = run(capsys, "export", "--format", "csv", "--day", "2025-07-01")
    assert (code, out) == (1, "")
    assert err == "routemap: Day 2025-07-01 is outside the trip (2025-05-26 to 2025-06-05).\n"


def test_unknown_theme(capsys):
    code, out, err = run(capsys, "export", "--format", "geojson", "--theme", "green")
    assert (code, out) == (1, "")
    assert err == (
        "routemap: Unknown theme green: expected one of civilisational-exchange, "
        "defend-socialist-china, protecting-the-planet, revolutionary-heritage, "
        "technology-and-prosperity.\n"
    )


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["export", "--format", "shp"])
    assert caught.value.code == 2
    assert "argument --format: invalid choice: 'shp'" in capsys.readouterr().err


def test_export_of_bad_data_lists_the_problems(capsys, data_copy):
    break_data(data_copy)
    code, out, err = run(capsys, "export", str(data_copy), "--format", "geojson")
    assert (code, out) == (1, "")
    assert all(problem in err for problem in BROKEN)


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main([])
    assert caught.value.code == 2


# --------------------------------------------------------------------------- the installed script


def console_script() -> str:
    """The ``routemap`` entry point installed beside this interpreter."""
    found = shutil.which("routemap", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(
            "the routemap console script is not installed beside "
            f"{sys.executable}; install the package (pip install -e .)"
        )
    return found


def script(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ROUTEMAP_DATA"}
    return subprocess.run(
        [console_script(), *argv], capture_output=True, text=True, encoding="utf-8", timeout=120, env=env, check=False
    )


def test_script_validates_shipped_data():
    done = script("validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(SHIPPED_OK)


def test_script_reports_bad_data_without_a_traceback(data_copy):
    break_data(data_copy)
    done = script("validate", str(data_copy))
    assert done.returncode == 1
    assert done.stderr.startswith("3 problems in the dataset:\n")
    assert all(problem in done.stderr for problem in BROKEN)
    assert "Traceback" not in done.stderr


def test_script_exports_geojson_in_utf8():
    done = script("export", "--format", "geojson", "--city", "yanan")
    assert done.returncode == 0, done.stderr
    names = [
        f["properties"]["name_zh"] for f in json.loads(done.stdout)["features"] if f["geometry"]["type"] == "Point"
    ]
    assert names[0] == "杨家岭革命旧址"
    assert len(names) == 4


def test_script_bad_day_exits_2():
    done = script("export", "--format", "csv", "--day", "yesterday")
    assert done.returncode == 2
    assert "usage: routemap export" in done.stderr
    assert "Traceback" not in done.stderr
