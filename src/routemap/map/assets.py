"""The map's scripts and stylesheets, served by routemap itself: never a CDN.

The files live in ``routemap/static/vendor/`` at pinned versions with their
licences (``scripts/vendor_assets.py`` refreshes them from npm and records
checksums in ``manifest.json``). A map can reference them three ways:

* :data:`SERVED`: URLs on the dashboard's own server. Streamlit serves the app's
  ``static/`` folder (a link to ``src/routemap/static``) at ``/app/static/``;
  the map runs inside streamlit-folium's iframe at ``/component/<name>/``, so
  the URLs are relative to it and keep working under a ``baseUrlPath``.
* :data:`DATA_URLS`: every file as a ``data:`` URL, for a server without static
  serving; heavier, but still nothing leaves the machine.
* :data:`INLINE`: the files' text written into the page, for a standalone HTML
  file that opens from a USB stick with no network.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final, Literal

from routemap.model.i18n import Lang, t

AssetMode = Literal["served", "data-urls", "inline"]
SERVED: Final[AssetMode] = "served"
DATA_URLS: Final[AssetMode] = "data-urls"
INLINE: Final[AssetMode] = "inline"

#: Where the component iframe (``/component/<name>/index.html``) finds ``/app/static/``.
SERVED_BASE: Final = "../../app/static/vendor/"
#: Where it finds the offline basemap's files (``routemap/static/basemap/``), likewise.
SERVED_BASEMAP: Final = "../../app/static/basemap/"

LEAFLET: Final = "leaflet-1.9.4"
FULLSCREEN: Final = "leaflet.fullscreen-3.0.0"

#: (name, file under vendor/) in load order.
MAP_JS: Final = (("leaflet", f"{LEAFLET}/leaflet.js"),)
MAP_CSS: Final = (("leaflet_css", f"{LEAFLET}/leaflet.css"),)
#: The fullscreen control's files, small enough to travel inside every map (see ``build.base_map``).
FULLSCREEN_JS: Final = f"{FULLSCREEN}/Control.FullScreen.js"
FULLSCREEN_CSS: Final = f"{FULLSCREEN}/Control.FullScreen.css"


@dataclass(frozen=True, slots=True)
class VendoredPackage:
    name: str
    version: str
    license: str
    files: dict[str, str]  # path under the package folder -> sha256

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"


def vendor_dir() -> Path:
    """The folder holding the vendored files, inside the installed package."""
    return Path(str(resources.files("routemap") / "static" / "vendor"))


@cache
def packages() -> tuple[VendoredPackage, ...]:
    """The vendored packages as the manifest records them."""
    manifest = json.loads((vendor_dir() / "manifest.json").read_text(encoding="utf-8"))
    return tuple(VendoredPackage(p["name"], p["version"], p["license"], p["files"]) for p in manifest["packages"])


def _data_url(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mime == "text/css":
        return f"data:{mime};base64," + base64.b64encode(inline_css(path).encode()).decode()
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode()


@cache
def inline_css(path: Path) -> str:
    """A stylesheet's text with each relative ``url(...)`` turned into a ``data:`` URL."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#", "http:", "https:")):
            return match.group(0)
        return f'url("{_data_url(path.parent / ref)}")'

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", replace, text)


@cache
def url_for(rel: str, mode: AssetMode) -> str:
    """The URL of one vendored file (``rel`` under ``vendor/``) in a given mode."""
    if mode == SERVED:
        return SERVED_BASE + rel
    return _data_url(vendor_dir() / rel)


def links(pairs: tuple[tuple[str, str], ...], mode: AssetMode) -> list[tuple[str, str]]:
    """folium-style ``default_js``/``default_css`` lists for a mode other than inline."""
    return [(name, url_for(rel, mode)) for name, rel in pairs]


@cache
def script_text(rel: str) -> str:
    """A vendored script's text (``rel`` under ``vendor/``), safe to write inside a ``<script>`` element."""
    return (vendor_dir() / rel).read_text(encoding="utf-8").replace("</script", r"<\/script")


def inline_tags(js: tuple[tuple[str, str], ...], css: tuple[tuple[str, str], ...]) -> str:
    """``<style>`` and ``<script>`` elements holding the files' text, for a standalone page."""
    parts = [f"<style>{inline_css(vendor_dir() / rel)}</style>" for _, rel in css]
    parts += [f"<script>{script_text(rel)}</script>" for _, rel in js]
    return "\n".join(parts)


def licence_table(lang: Lang = "en") -> list[dict[str, str]]:
    """One row per vendored package: name, version, licence, where its licence text is (headers in ``lang``)."""
    return [
        {
            t("licence.package", lang): p.name,
            t("licence.version", lang): p.version,
            t("licence.licence", lang): p.license,
            t("licence.text", lang): f"routemap/static/vendor/{p.folder}/LICENSE",
        }
        for p in packages()
    ]
