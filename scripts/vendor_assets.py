#!/usr/bin/env python3
"""Refresh the browser assets the map needs, from the npm registry, with checksums.

The dashboard serves every script and stylesheet itself (no CDN: talks run
offline, and public CDNs are unreliable in mainland China). This script is how
those files get into ``src/routemap/static/vendor/``: for each pinned package it
runs ``npm pack NAME@VERSION`` (the ordinary npm client, so registry settings
and proxies apply), checks the tarball against the pinned sha512 integrity,
copies the files we use and the package's licence, and writes ``manifest.json``
with a sha256 for every file. ``tests/test_assets.py`` checks the files against
that manifest, offline.

Usage:  python scripts/vendor_assets.py            # verify pins, rewrite vendor/
        python scripts/vendor_assets.py --check    # only compare files with manifest
To move to a new version, change PINS (version and integrity from
``npm view NAME@VERSION dist.integrity``) and run the script.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parents[1] / "src" / "routemap" / "static" / "vendor"

#: name, version, licence, npm integrity, {path in tarball: path under vendor/<name>-<version>/}
PINS: list[dict] = [
    {
        "name": "leaflet",
        "version": "1.9.4",
        "license": "BSD-2-Clause",
        "integrity": "sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        "files": {
            "package/dist/leaflet.js": "leaflet.js",
            "package/dist/leaflet.css": "leaflet.css",
            "package/dist/images/layers.png": "images/layers.png",
            "package/dist/images/layers-2x.png": "images/layers-2x.png",
            "package/dist/images/marker-icon.png": "images/marker-icon.png",
            "package/dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "package/dist/images/marker-shadow.png": "images/marker-shadow.png",
            "package/LICENSE": "LICENSE",
        },
    },
    {
        "name": "leaflet.fullscreen",
        "version": "3.0.0",
        "license": "MIT",
        "integrity": "sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
        "files": {
            "package/Control.FullScreen.js": "Control.FullScreen.js",
            "package/Control.FullScreen.css": "Control.FullScreen.css",
            "package/icon-fullscreen.svg": "icon-fullscreen.svg",
            "package/LICENSE": "LICENSE",
        },
    },
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity_of(tarball: Path) -> str:
    digest = hashlib.sha512(tarball.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def fetch(pin: dict, workdir: Path) -> Path:
    """``npm pack`` one pinned package into workdir and verify its integrity."""
    spec = f"{pin['name']}@{pin['version']}"
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)], check=True, capture_output=True, text=True
    ).stdout
    tarball = workdir / json.loads(out)[0]["filename"]
    actual = integrity_of(tarball)
    if actual != pin["integrity"]:
        raise SystemExit(f"{spec}: integrity {actual} does not match the pinned {pin['integrity']}")
    return tarball


def install(pin: dict, tarball: Path) -> dict[str, str]:
    target = VENDOR / f"{pin['name']}-{pin['version']}"
    shutil.rmtree(target, ignore_errors=True)
    checksums = {}
    with tarfile.open(tarball) as tar:
        for member, dest in pin["files"].items():
            data = tar.extractfile(member)
            if data is None:
                raise SystemExit(f"{member} missing from {tarball.name}")
            path = target / dest
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.read())
            checksums[dest] = sha256(path)
    return checksums


def check() -> int:
    """Compare the vendored files with the manifest; print and count mismatches."""
    manifest = json.loads((VENDOR / "manifest.json").read_text())
    bad = 0
    for pkg in manifest["packages"]:
        folder = VENDOR / f"{pkg['name']}-{pkg['version']}"
        for rel, digest in pkg["files"].items():
            path = folder / rel
            if not path.exists() or sha256(path) != digest:
                print(f"mismatch: {path}")
                bad += 1
    print("vendored assets match the manifest" if not bad else f"{bad} files differ")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only verify files against manifest")
    if parser.parse_args().check:
        return check()
    packages = []
    with tempfile.TemporaryDirectory() as tmp:
        for pin in PINS:
            checksums = install(pin, fetch(pin, Path(tmp)))
            packages.append({k: pin[k] for k in ("name", "version", "license", "integrity")} | {"files": checksums})
            print(f"vendored {pin['name']}@{pin['version']} ({len(checksums)} files)")
    (VENDOR / "manifest.json").write_text(json.dumps({"packages": packages}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
