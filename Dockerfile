# The portal's image: gunicorn for the web, the same image runs the Celery worker and beat.

# The front-end packages (the design system's styles and htmx) from npm; the browser tests'
# tools (devDependencies) stay out of the image.
FROM node:22.12.0-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# The lock files are resolved for this Python's minor version (make lock reads it here).
FROM python:3.11.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 portal

# Every package as locked, checked against its hashes; then the portal itself, which brings in
# nothing more and is built by the locked setuptools.
COPY requirements/base.txt ./requirements/
RUN pip install --require-hashes -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY helsinki_intl ./helsinki_intl
COPY networks ./networks
COPY partnerships ./partnerships
COPY events ./events
COPY eu_projects ./eu_projects
RUN pip install --no-deps --no-build-isolation -e .

COPY . .
COPY --from=frontend /build/node_modules ./node_modules
RUN pybabel -q compile --directory locale --domain django \
 && SECRET_KEY=build-only python manage.py collectstatic --no-input \
 && mkdir -p /app/data/media && chown portal /app/data /app/data/media

USER portal
EXPOSE 8000
# Workers, timeouts and restarts from the environment: gunicorn.conf.py (GUNICORN_*).
CMD ["gunicorn", "--config", "gunicorn.conf.py", "helsinki_intl.wsgi:application"]
