# routemap dashboard: `docker build -t routemap .` then `docker run -p 8501:8501 routemap`.
# See docs/deploy.md (several replicas need sticky sessions).
FROM python:3.11-slim

# ROUTEMAP_DATA: the dataset. An installed (not editable) package would look for
# data/ beside its own files in site-packages otherwise.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ROUTEMAP_DATA=/app/data

RUN useradd --create-home --uid 10001 --user-group routemap

WORKDIR /app
# Install the package and its dependencies first: editing the app, its pages or
# the data then reuses this layer.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install .

# Then the rest of the checkout (.dockerignore leaves out tests, docs, git):
# app.py, pages/, .streamlit/, data/, and static/, a symlink into
# src/routemap/static that a directory COPY keeps as a link, so Streamlit
# serves the vendored Leaflet with no CDN.
COPY . .

USER routemap
EXPOSE 8501

# Streamlit's own health endpoint; slim has no curl, so Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]

CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
