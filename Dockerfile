# One image for the web (gunicorn), the Celery worker and beat; docker-compose.yml runs it.
# Nothing secret is baked in: every setting comes from the environment when a container starts
# (docs/configuration.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=accsm_portal.settings.base

# GNU gettext compiles the message catalogs (Django does not know Lao without them).
# Pango (with HarfBuzz) shapes Khmer and Lao in the PDF meeting records (docs/pdf.md);
# psycopg[binary] brings its own libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The pinned requirements first, so a code change does not reinstall every package.
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt

COPY . .

# Both commands load the production settings, which refuse to start without a real key.
# This random key exists only for the length of this RUN step and is not kept in the image.
RUN export DEBUG=false \
        SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    && python manage.py compilemessages -v 0 \
    && python manage.py collectstatic --no-input -v 0

# Run as an unprivileged user; it may write only the uploaded files (a volume in compose).
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /app/media \
    && chown portal /app/media
USER portal

EXPOSE 8000
# gunicorn reads WEB_CONCURRENCY for its number of workers.
CMD ["gunicorn", "accsm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
