"""Hosting files: the Dockerfile, Streamlit's config for a public instance, Community Cloud's requirements.

Docker is not available where the tests run, so the Dockerfile is parsed and
checked: a slim base, a non-root user, a health check on Streamlit's endpoint
that needs no curl, and every COPY source present in the build context.
"""

from __future__ import annotations

import fnmatch
import json
import shlex
import subprocess
import sys
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def instructions(path: Path = REPO / "Dockerfile") -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        out.append((keyword.upper(), args.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return out


def ignored(rel: str) -> bool:
    patterns = [
        p.strip() for p in (REPO / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")
    ]
    return any(fnmatch.fnmatch(rel, p) or rel.startswith(p.rstrip("/") + "/") for p in patterns)


def exec_form(args: str) -> list[str]:
    return json.loads(args) if args.startswith("[") else shlex.split(args)


def test_base_is_python_slim():
    assert instructions()[0] == ("FROM", "python:3.11-slim")


def test_runs_as_a_non_root_user_created_in_the_image():
    steps = instructions()
    users = [args for kw, args in steps if kw == "USER"]
    assert users and users[-1] not in ("root", "0", "0:0")
    runs = " ".join(args for kw, args in steps if kw == "RUN")
    assert "useradd" in runs and users[-1] in runs
    keywords = [kw for kw, _ in steps]
    assert keywords.index("USER") < keywords.index("CMD")
    assert all(kw != "RUN" for kw in keywords[keywords.index("USER") :])  # nothing installed as the user


def test_every_copy_source_is_in_the_build_context():
    copies = [shlex.split(args) for kw, args in instructions() if kw == "COPY"]
    assert copies
    for *sources, _dest in copies:
        for source in sources:
            assert not source.startswith("--"), "no COPY --from/--chown expected"
            assert (REPO / source).exists(), f"COPY source {source} is missing"
            assert source == "." or not ignored(source), f"COPY source {source} is in .dockerignore"


def test_the_static_link_survives_into_the_image():
    link = REPO / "static"
    assert link.is_symlink() and link.resolve() == (REPO / "src" / "routemap" / "static").resolve()
    assert not ignored("static") and not ignored("src/routemap/static/vendor/manifest.json")
    assert ("COPY", ". .") in instructions()  # a directory COPY keeps the link as a link


def test_the_installed_package_finds_the_data():
    env = dict(args.split("=", 1) for kw, line in instructions() if kw == "ENV" for args in shlex.split(line))
    assert env.get("ROUTEMAP_DATA") == "/app/data"
    assert ("WORKDIR", "/app") in instructions() and not ignored("data")


def test_serves_streamlit_on_all_interfaces_with_a_health_check():
    steps = dict(instructions())
    assert steps["EXPOSE"] == "8501"
    cmd = exec_form(steps["CMD"])
    assert cmd[:3] == ["streamlit", "run", "app.py"] and "--server.address=0.0.0.0" in cmd
    health = steps["HEALTHCHECK"]
    assert "CMD" in health and "/_stcore/health" in health and "curl" not in health and "wget" not in health


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        self.send_response(self.status if self.path == "/_stcore/health" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_health_check_command_runs_with_python_alone(status, healthy):
    """Run the HEALTHCHECK's own command against a stand-in server on loopback."""
    health = dict(instructions())["HEALTHCHECK"]
    command = exec_form(health[health.index("CMD") + 3 :].strip())
    assert command[:2] == ["python", "-c"]
    handler = type("Handler", (_Health,), {"status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code = command[2].replace("127.0.0.1:8501", f"127.0.0.1:{server.server_port}")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20)
    finally:
        server.shutdown()
    assert (result.returncode == 0) is healthy


def test_streamlit_config_is_fit_for_public_hosting():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is True  # the map's Leaflet, with no CDN
    assert isinstance(server["maxUploadSize"], int) and 0 < server["maxUploadSize"] <= 50
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"  # visitors never see a traceback
    assert config["theme"]["base"] in ("light", "dark") and config["theme"]["primaryColor"].startswith("#")


def test_community_cloud_installs_this_checkout_from_requirements_txt():
    lines = [
        line.strip()
        for line in (REPO / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines == ["-e ."]  # editable: the package then finds ./data
    # Community Cloud uses the first of these it finds; anything above requirements.txt would win.
    for earlier in ("uv.lock", "Pipfile", "environment.yml"):
        assert not (REPO / earlier).exists()
    assert (REPO / "app.py").exists()


def test_deploy_guide_covers_cloud_docker_and_replicas():
    guide = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    for needle in (
        "Community Cloud",
        "docker build",
        "docker run",
        "sticky",
        "ip_hash",
        "/_stcore/health",
        "st.cache_data",
    ):
        assert needle in guide
