"""The vendored browser assets: pinned, checked against their manifest, licensed, never a CDN."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from routemap.map import assets
from routemap.web import mapview

REPO = Path(__file__).resolve().parents[1]
CDN = re.compile(
    r"cdn\.jsdelivr|cdnjs\.cloudflare|unpkg\.com|code\.jquery\.com|bootstrapcdn|"
    r"googleapis\.com/ajax|fonts\.googleapis"
)


def test_every_vendored_file_matches_its_manifest_checksum():
    packages = assets.packages()
    assert {(p.name, p.version) for p in packages} == {("leaflet", "1.9.4"), ("leaflet.fullscreen", "3.0.0")}
    for package in packages:
        folder = assets.vendor_dir() / package.folder
        assert "LICENSE" in package.files, f"{package.name} ships without its licence"
        for rel, digest in package.files.items():
            assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest, rel


def test_the_refresh_script_checks_offline_and_agrees():
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "vendor_assets.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "match the manifest" in result.stdout


def test_every_file_the_map_links_is_vendored():
    for rel in [rel for _, rel in assets.MAP_JS + assets.MAP_CSS] + [assets.FULLSCREEN_JS, assets.FULLSCREEN_CSS]:
        assert (assets.vendor_dir() / rel).is_file(), rel


def test_streamlit_serves_the_package_static_folder():
    static = REPO / "static"
    assert static.is_symlink() and static.resolve() == (REPO / "src" / "routemap" / "static").resolve()
    config = (REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^enableStaticServing = true$", config, re.M)


def test_no_source_file_points_at_a_cdn():
    tracked = subprocess.run(
        ["git", "ls-files", "src", "app.py", "pages"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = [
        f
        for f in tracked
        if f.endswith((".py", ".html", ".css", ".toml"))
        and CDN.search((REPO / f).read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_the_app_falls_back_to_inline_assets_when_static_files_are_not_served(monkeypatch, tmp_path):
    import streamlit as st

    monkeypatch.setattr(st, "get_option", lambda name: name == "server.enableStaticServing")
    assert mapview.asset_mode(REPO) == assets.SERVED
    assert mapview.asset_mode(tmp_path) == assets.DATA_URLS  # e.g. a checkout where static/ is no link
    monkeypatch.setattr(st, "get_option", lambda name: False)
    assert mapview.asset_mode(REPO) == assets.DATA_URLS
