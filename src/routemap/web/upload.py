"""The Upload page: a trip from a file, kept in this session's memory only, checked, placed, drawn and shared.

``st.file_uploader`` holds the file in the server's memory (Streamlit's
``MemoryUploadedFileManager``, for this session only); :func:`receive` hands its
bytes, once per file, to a bounded child process
(:func:`routemap.load.importers.bounded.import_bounded`) and keeps the result in
``st.session_state``: no file is written, no other session sees it, and it goes
with the session. The shipped trip is never touched. The frame offers a good
upload as the trip :data:`UPLOAD_TRIP` ("Your upload") in the Trip picker, so
every page draws it. Text from the file is shown in data tables (no Markdown)
or through :func:`routemap.markup.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import streamlit as st

from routemap.export import formats as export
from routemap.export.datafolder import data_folder_zip
from routemap.geo.online import USER_AGENT_ENV, OnlineGeocoder, host_geocoder
from routemap.load import trips
from routemap.load.importers import TEMPLATE_COLUMNS
from routemap.load.importers.bounded import Parsed, bounded_call, check_imported, import_bounded
from routemap.load.importers.placing import awaiting, place_online, placements
from routemap.markup import md
from routemap.model.dataset import Dataset
from routemap.model.errors import DataError, RoutemapError
from routemap.model.limits import DEFAULT_LIMITS
from routemap.view import filters
from routemap.view.upload import placements_frame, problems_frame
from routemap.web.keys import KEY_TRIP
from routemap.web.tripstate import select_trip

#: The Trip picker's id for this session's upload; also ``?trip=`` in its (session-only) link.
UPLOAD_TRIP: Final = "upload"
UPLOAD_TITLE: Final = "Your upload"
KEY_FILE: Final = "upload-file"
#: The Streamlit secret holding the host's Nominatim user agent (else $ROUTEMAP_NOMINATIM_USER_AGENT).
SECRET: Final = "nominatim_user_agent"
KEY_ONLINE: Final = "upload-online"
KEY_FORGET: Final = "upload-forget"
_HELD: Final = "_routemap_upload"  # the SessionUpload of this session: memory only
#: The uploader takes a file of any name (no ``type=``): the content decides what it is, and a file
#: routemap cannot read is refused with routemap's own message, not Streamlit's.
LABEL: Final = "A trip file: GeoJSON, KML, KMZ, CSV or zip"
HELP: Final = f"At most {DEFAULT_LIMITS.max_file_bytes:,} bytes; kept in this session's memory, never saved."
_GENERATION: Final = "_routemap_upload_generation"  # a new, empty uploader after Remove
TEMPLATE: Final = trips.EXAMPLES / "import" / "template.csv"
EXAMPLE: Final = trips.EXAMPLES / "import" / "shaanxi.csv"
LINK_NOTE: Final = (
    "A link cannot carry a file: this upload lives only in this browser tab's session, on this server, "
    "and goes when the session ends. A link to this view opens the shipped trip anywhere else. To share it:"
)


@dataclass
class SessionUpload:
    """An upload as this session holds it: which file it was, and what reading and checking made of it."""

    file_id: str
    name: str
    parsed: Parsed
    new: bool = True  # not yet offered in the Trip picker
    exports: dict[str, bytes] = field(default_factory=dict)


def held() -> SessionUpload | None:
    """This session's upload, if any."""
    return st.session_state.get(_HELD)


def session_dataset() -> Dataset | None:
    """The checked dataset of this session's upload, or ``None`` (none, or one with problems)."""
    upload = held()
    return upload.parsed.dataset if upload is not None else None


def trip_title() -> str:
    """What the Trip picker calls the upload: ``Your upload: <its title>``."""
    dataset = session_dataset()
    return f"{UPLOAD_TITLE}: {dataset.trip.title}" if dataset is not None else UPLOAD_TITLE


def uploader_key() -> str:
    """The uploader's key: a new one after each Remove, so the removed file is not read again."""
    return f"{KEY_FILE}-{st.session_state.get(_GENERATION, 0)}"


def forget() -> None:
    """Drop this session's upload (the Remove button's callback); the default trip is shown again."""
    st.session_state.pop(_HELD, None)
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1
    if st.session_state.get(KEY_TRIP) == UPLOAD_TRIP:
        select_trip(None)


def receive(file) -> SessionUpload | None:
    """Read a newly uploaded file (an ``UploadedFile``) once, bounded, and keep it in the session; the upload held."""
    upload = held()
    if file is None or (upload is not None and upload.file_id == file.file_id):
        return upload
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar  # shown only when some points have to be looked up
        bar = bar or st.progress(0.0)
        bar.progress(done / max(total, 1), text=f"Looking up offline: {md(name)} ({done} of {total})")

    with st.spinner("Reading and checking the file…"):
        parsed = import_bounded(file.name, file.getvalue(), limits=DEFAULT_LIMITS, progress=progress)
    if bar is not None:
        bar.empty()
    upload = SessionUpload(file.file_id, parsed.imported.file or "upload", parsed)
    st.session_state[_HELD] = upload
    return upload


def take_new(upload: SessionUpload | None) -> bool:
    """True once for each new upload: the page then selects it (or, with problems, the default trip)."""
    if upload is None or not upload.new:
        return False
    upload.new = False
    return True


def host_online() -> OnlineGeocoder | None:
    """The online geocoder this host allows: Nominatim once ``$ROUTEMAP_NOMINATIM_USER_AGENT`` or the secret is set."""
    try:
        secrets = {SECRET: st.secrets[SECRET]}
    except (KeyError, FileNotFoundError):  # no such secret, or no secrets file at all
        secrets = {}
    try:
        return host_geocoder(secrets=secrets)
    except RoutemapError:
        return None


def templates() -> None:
    """The CSV template and an example, downloadable, with the template's columns."""
    cols = st.columns(2)
    cols[0].download_button(
        "Download the CSV template", TEMPLATE.read_bytes(), file_name="routemap-template.csv", mime="text/csv"
    )
    cols[1].download_button(
        "Download an example (three days in Shaanxi)", EXAMPLE.read_bytes(), file_name="shaanxi.csv", mime="text/csv"
    )
    st.caption(
        f"One row a place: {', '.join(TEMPLATE_COLUMNS)}. Only name and date are required; a row without lat and "
        "lon is looked up by its name and city. See docs/import.md for the GeoJSON and KML property names."
    )
    st.code(TEMPLATE.read_text(encoding="utf-8"), language=None)


def _look_up_online(upload: SessionUpload, online: OnlineGeocoder) -> None:
    bar = st.progress(0.0, text="Looking up places online…")

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"Looking up online: {md(name)} ({done} of {total})")

    imported = upload.parsed.imported
    place_online(imported, online, progress)
    try:
        upload.parsed = bounded_call(check_imported, imported, file=upload.name)
    except DataError as exc:
        upload.parsed = Parsed(imported, None, list(exc.problems))
    upload.new, upload.exports = True, {}
    bar.empty()


def placing(upload: SessionUpload) -> None:
    """The per-place report of what the file gave no point for, and the online lookup where the host allows it."""
    imported = upload.parsed.imported
    report = placements(imported)
    left = awaiting(imported)
    if report:
        st.subheader("Places the file gave no point for")
        st.dataframe(placements_frame(report), hide_index=True, width="stretch")
    if not left:
        return
    online = host_online()
    if online is None:
        st.info(
            f"{len(left)} place(s) could not be placed offline. Online lookup is off on this server (its operator "
            f"has not set {USER_AGENT_ENV}): add lat and lon to those rows, or a city the gazetteer knows."
        )
    elif st.button(f"Look up {len(left)} place(s) online (Nominatim, one a second)", key=KEY_ONLINE):
        _look_up_online(upload, online)
        st.rerun()


def share(upload: SessionUpload) -> None:
    """Say that a link cannot carry the file; offer the standalone HTML map and the data folder as a zip."""
    dataset = upload.parsed.dataset
    if dataset is None:
        return
    if not upload.exports:
        tables = {name: table.frame for name, table in upload.parsed.imported.tables.items()}
        try:
            upload.exports = {
                "html": export.export_bytes(filters.apply(dataset), "html"),
                "zip": data_folder_zip(dataset.trip, tables),
            }
        except RoutemapError as exc:
            st.error(f"The upload cannot be exported: {md(exc)}")
            return
    st.subheader("Share it")
    st.info(LINK_NOTE)
    cols = st.columns(2)
    cols[0].download_button(
        "Standalone HTML map", upload.exports["html"], file_name="routemap-upload.html", mime="text/html"
    )
    cols[1].download_button(
        "Data folder (zip)", upload.exports["zip"], file_name="routemap-upload.zip", mime="application/zip"
    )
    st.caption(
        "The HTML file opens offline in any browser. The zip holds trip.toml, cities.csv, legs.csv and places.csv: "
        "commit the folder to a hosted instance's repository and name it in ROUTEMAP_DATA (docs/deploy.md), "
        "or upload the zip here again."
    )


def report(upload: SessionUpload | None) -> None:
    """What became of the upload: its problems (nothing is drawn), or a summary; notes, placements, sharing."""
    if upload is None:
        return
    parsed = upload.parsed
    kind = f" as {parsed.imported.format}" if parsed.imported.format else ""
    if parsed.dataset is None:
        st.error(
            f"{md(upload.name)}{md(kind)}: {len(parsed.problems)} problem(s), so nothing is drawn. "
            "Fix each one in the file and upload it again:"
        )
        st.dataframe(problems_frame(parsed.problems), hide_index=True, width="stretch")
    else:
        dataset = parsed.dataset
        st.success(
            f"{md(upload.name)}, read{md(kind)}: {md(dataset.trip.title)}, {len(dataset.places)} place(s) in "
            f"{len(dataset.cities)} cit{'y' if len(dataset.cities) == 1 else 'ies'}. It is now the trip "
            f"“{UPLOAD_TITLE}” in the sidebar, on every page, for this session only."
        )
        st.page_link("pages/map.py", label="Open it on the map")
    placing(upload)
    if parsed.imported.notes:
        with st.expander(f"What was filled in or derived ({len(parsed.imported.notes)} notes)"):
            st.dataframe({"Note": parsed.imported.notes}, hide_index=True, width="stretch")
    share(upload)
    st.button("Remove the upload", key=KEY_FORGET, on_click=forget)
