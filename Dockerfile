# syntax=docker/dockerfile:1
# The costcheck service image: `docker build -t costcheck .`, then see docs/deployment.md.

# Build stage: a virtualenv with costcheck and its service extras; compilers and pip caches stay here.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY checker ./checker
# checker/policies and checker/templates are symlinks to these, carried into the wheel.
COPY policies ./policies
COPY templates ./templates
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir ".[service]"

# Runtime stage: the virtualenv only, run by an unprivileged user that owns nothing in it.
FROM python:3.11-slim-bookworm
# The user has no home: costcheck's disk caches (prices, parsed HCL) go to the one directory it owns.
RUN groupadd --system --gid 10001 costcheck \
    && useradd --system --uid 10001 --gid costcheck --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin costcheck \
    && install -d -o 10001 -g 10001 -m 0700 /var/cache/costcheck
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PORT=8080 \
    COSTCHECK_CACHE_DIR=/var/cache/costcheck
USER 10001:10001
EXPOSE 8080
# Liveness only (the process answers); readiness, with the database and cache, is /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8080') + '/health/live', timeout=3)"]
CMD ["costcheck", "serve"]
