"""Run localstripe (a fake Stripe) on 127.0.0.1 for development without Stripe keys, with
this site's webhook registered: `make run` starts it in the background when
STRIPE_SECRET_KEY is unset, so a newcomer can pay with the test card 4242 4242 4242 4242.

localstripe is a development tool (GPL, in requirements-dev.txt), never used in production.
Its own command line listens on every interface; this one listens on 127.0.0.1 only.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HOST = "127.0.0.1"
WEBHOOK_ID = "site"
START_TIMEOUT_S = 30


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/js.stripe.com/v3/", timeout=2) as response:
            return response.status == 200 and b"localstripe" in response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _webhook_register(base: str, url: str, secret: str) -> None:
    """POST /_config/webhooks/<id>: localstripe then signs each event with ``secret`` and
    posts it to ``url`` (registering again replaces it)."""
    body = json.dumps({"url": url, "secret": secret}).encode()
    request = urllib.request.Request(f"{base}/_config/webhooks/{WEBHOOK_ID}", data=body,
                                     method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5):
        pass


class Command(BaseCommand):
    help = ("Run a localstripe server on 127.0.0.1 (a fake Stripe for development) and register "
            "this site's webhook with it. If one already answers on the port, only the webhook "
            "is registered.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8420)
        parser.add_argument("--webhook-url", default="",
                            help="where localstripe posts its events (default: SITE_URL + "
                                 "/payments/stripe/webhook/)")
        parser.add_argument("--detach", action="store_true",
                            help="start the server in the background and return once it answers")
        parser.add_argument("--log", default="",
                            help="with --detach: the file the server writes its log to")

    def handle(self, *args, port: int, webhook_url: str, detach: bool, log: str, **options):
        base = f"http://{HOST}:{port}"
        webhook_url = webhook_url or f"{settings.SITE_URL.rstrip('/')}/payments/stripe/webhook/"
        secret = settings.STRIPE_WEBHOOK_SECRET
        if _answers(base):
            _webhook_register(base, webhook_url, secret)
            self.stdout.write(f"localstripe already runs at {base}; webhook → {webhook_url}")
            return
        try:
            from aiohttp import web
            from localstripe.resources import store
            from localstripe.server import app
            from localstripe.webhooks import register_webhook
        except ImportError as exc:
            raise CommandError("localstripe is not installed: pip install -r "
                               "requirements-dev.txt") from exc
        if detach:
            self._detach(base, port, webhook_url, log)
            return
        store.try_load_from_disk()  # intents survive a restart, as the database does
        register_webhook(WEBHOOK_ID, webhook_url, secret, None)
        self.stdout.write(f"localstripe at {base} (Stripe.js: {base}/js.stripe.com/v3/); "
                          f"webhook → {webhook_url}")
        web.run_app(app, host=HOST, port=port, print=None)

    def _detach(self, base: str, port: int, webhook_url: str, log: str) -> None:
        command = [sys.executable, "-m", "django", "localstripe", "--port", str(port),
                   "--webhook-url", webhook_url]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "config.settings.dev")}
        with open(log or os.devnull, "ab") as output:
            process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env,
                                       stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise CommandError(f"localstripe did not start on {base}"
                                   + (f" (see {log})" if log else ""))
            time.sleep(0.2)
        self.stdout.write(f"localstripe started at {base} (pid {process.pid}); "
                          f"webhook → {webhook_url}")
