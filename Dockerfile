# Production image: gunicorn serves the site, the same image runs the Celery worker.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PORT=8000

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=app:app . .
# collectstatic loads the production settings, which refuse to start without every secret:
# these build-only values exist for this one command; the real ones come from the environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-that-is-long-enough-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=build STRIPE_SECRET_KEY=sk_build_only \
    STRIPE_PUBLISHABLE_KEY=pk_build_only STRIPE_WEBHOOK_SECRET=whsec_build_only \
    SEPA_DEBTOR_NAME=build-only SEPA_DEBTOR_IBAN=DE89370400440532013000 \
    SEPA_DEBTOR_BIC=COBADEFFXXX python manage.py collectstatic --no-input

USER app
EXPOSE 8000
CMD ["sh", "-c", "gunicorn config.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
