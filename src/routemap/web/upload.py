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
from routemap.web import actions
from routemap.web.keys import KEY_TRIP
from routemap.web.panel import tr
from routemap.web.tripstate import select_trip

#: The Trip picker's id for this session's upload; also ``?trip=`` in its (session-only) link.
UPLOAD_TRIP: Final = "upload"
KEY_FILE: Final = "upload-file"
#: The Streamlit secret holding the host's Nominatim user agent (else $ROUTEMAP_NOMINATIM_USER_AGENT).
SECRET: Final = "nominatim_user_agent"
KEY_ONLINE: Final = "upload-online"
KEY_FORGET: Final = "upload-forget"
_HELD: Final = "_routemap_upload"  # the SessionUpload of this session: memory only
_GENERATION: Final = "_routemap_upload_generation"  # a new, empty uploader after Remove
TEMPLATE: Final = trips.EXAMPLES / "import" / "template.csv"
EXAMPLE: Final = trips.EXAMPLES / "import" / "shaanxi.csv"


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
    title = tr("upload.your_upload")
    return f"{title}: {dataset.trip.title}" if dataset is not None else title


def uploader(key: str):
    """The file uploader, in the dashboard's language. It takes a file of any name (no ``type=``): the content
    decides what it is, and a file routemap cannot read is refused with routemap's own message, not Streamlit's."""
    return st.file_uploader(
        tr("upload.label"), key=key, help=tr("upload.help", bytes=f"{DEFAULT_LIMITS.max_file_bytes:,}")
    )


def uploader_key() -> str:
    """The uploader's key: a new one after each Remove, so the removed file is not read again."""
    return f"{KEY_FILE}-{st.session_state.get(_GENERATION, 0)}"


def forget() -> None:
    """Drop this session's upload (the Remove button's action); the default trip is shown again.

    Safe to repeat: its one relative write, a new uploader, is its last.
    """
    st.session_state.pop(_HELD, None)
    if st.session_state.get(KEY_TRIP) == UPLOAD_TRIP:
        select_trip(None)
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def receive(file) -> SessionUpload | None:
    """Read a newly uploaded file (an ``UploadedFile``) once, bounded, and keep it in the session; the upload held."""
    upload = held()
    if file is None or (upload is not None and upload.file_id == file.file_id):
        return upload
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar  # shown only when some points have to be looked up
        bar = bar or st.progress(0.0)
        bar.progress(done / max(total, 1), text=tr("upload.looking_up_offline", name=md(name), done=done, total=total))

    with st.spinner(tr("upload.reading")):
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
        tr("upload.download_template"), TEMPLATE.read_bytes(), file_name="routemap-template.csv", mime="text/csv"
    )
    cols[1].download_button(
        tr("upload.download_example"), EXAMPLE.read_bytes(), file_name="shaanxi.csv", mime="text/csv"
    )
    st.caption(md(tr("upload.template_caption", columns=", ".join(TEMPLATE_COLUMNS))))
    st.code(TEMPLATE.read_text(encoding="utf-8"), language=None)


def _look_up_online(upload: SessionUpload, online: OnlineGeocoder) -> None:
    bar = st.progress(0.0, text=tr("upload.looking_up_online_start"))

    def progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=tr("upload.looking_up_online", name=md(name), done=done, total=total))

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
        st.subheader(tr("upload.unplaced"))
        st.dataframe(placements_frame(report), hide_index=True, width="stretch")
    if not left:
        return
    online = host_online()
    if online is None:
        st.info(md(tr("upload.online_off", n=len(left), env=USER_AGENT_ENV)))
    elif st.button(tr("upload.online_button", n=len(left)), key=KEY_ONLINE):
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
            st.error(tr("upload.cannot_export", error=md(exc)))
            return
    st.subheader(tr("upload.share"))
    st.info(tr("upload.link_note"))
    cols = st.columns(2)
    cols[0].download_button(
        tr("upload.html_map"), upload.exports["html"], file_name="routemap-upload.html", mime="text/html"
    )
    cols[1].download_button(
        tr("upload.data_zip"), upload.exports["zip"], file_name="routemap-upload.zip", mime="application/zip"
    )
    st.caption(md(tr("upload.share_caption")))


def report(upload: SessionUpload | None) -> None:
    """What became of the upload: its problems (nothing is drawn), or a summary; notes, placements, sharing."""
    if upload is None:
        return
    parsed = upload.parsed
    kind = tr("upload.as_format", format=parsed.imported.format) if parsed.imported.format else ""
    if parsed.dataset is None:
        st.error(tr("upload.problems", name=md(upload.name), kind=md(kind), n=len(parsed.problems)))
        st.dataframe(problems_frame(parsed.problems), hide_index=True, width="stretch")
    else:
        dataset = parsed.dataset
        st.success(
            tr(
                "upload.drawn",
                name=md(upload.name),
                kind=md(kind),
                title=md(dataset.trip.title),
                places=len(dataset.places),
                cities=tr("upload.city_one")
                if len(dataset.cities) == 1
                else tr("upload.city_many", n=len(dataset.cities)),
                upload=tr("upload.your_upload"),
            )
        )
        st.page_link("pages/map.py", label=tr("upload.open_map"))
    placing(upload)
    if parsed.imported.notes:
        with st.expander(tr("upload.notes", n=len(parsed.imported.notes))):
            st.dataframe({tr("upload.note"): parsed.imported.notes}, hide_index=True, width="stretch")
    share(upload)
    st.button(tr("upload.remove"), key=KEY_FORGET, **actions.on_click(forget))
