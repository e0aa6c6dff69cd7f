"""pytest plugin: a localstripe server (a fake, stateful Stripe) for the tests that pay.

The session starts one server per process (each pytest-xdist worker has its own, on its own
free port) on 127.0.0.1 only, with an empty store, and stops it at the end. The
``localstripe`` fixture points the settings at it and empties its store before each test.
The server never writes its store to disk here (its default file is shared by every
process on the machine).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

SERVER_CODE = """
import sys
from aiohttp import web
from localstripe import resources
resources.Store.dump_to_disk = lambda self: None
from localstripe.server import app
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""
START_TIMEOUT_S = 30


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalStripe:
    """A running localstripe server and the few calls the tests need beyond the API."""

    url: str
    secret_key: str = "sk_test_localstripe"

    def request(self, method: str, path: str, data: bytes | None = None) -> bytes:
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {self.secret_key}"})
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.read()

    def flush(self) -> None:
        self.request("DELETE", "/_config/data")

    def events(self, *, type: str | None = None) -> list[dict]:
        """The events the server created, newest first, as the JSON it sends."""
        query = f"?type={type}" if type else ""
        return json.loads(self.request("GET", f"/v1/events{query}"))["data"]

    def webhook_register(self, *, url: str, secret: str, name: str = "tests") -> None:
        body = json.dumps({"url": url, "secret": secret}).encode()
        self.request("POST", f"/_config/webhooks/{name}", body)


def stripe_signature(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header for ``payload``, computed as Stripe does."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@pytest.fixture(scope="session")
def localstripe_server():
    """A localstripe server on 127.0.0.1 for this test process, stopped at the end."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-c", SERVER_CODE, str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = LocalStripe(url=f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            server.flush()
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                stderr = process.stderr.read().decode(errors="replace")
                pytest.fail(f"localstripe did not start on port {port}: {stderr}")
            time.sleep(0.1)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stderr.close()


@pytest.fixture
def localstripe(localstripe_server, settings):
    """The settings point at this process's localstripe, whose store starts empty."""
    settings.STRIPE_SECRET_KEY = localstripe_server.secret_key
    settings.STRIPE_API_BASE = localstripe_server.url
    settings.STRIPE_JS_URL = f"{localstripe_server.url}/js.stripe.com/v3/"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_tests"
    localstripe_server.flush()
    return localstripe_server


@pytest.fixture
def pay_order(localstripe):
    """A function that pays an order as a buyer would, on localstripe: the order's
    PaymentIntent, confirmed with a test card (``pm_card_visa`` unless told), then applied
    as the return page does (``payment_sync``). Returns the Payment."""
    from marketplace.payments.services import payments

    def pay(order, payment_method: str = "pm_card_visa"):
        payments.payment_for_order(order=order)
        payments.payment_confirm(order=order, payment_method=payment_method)
        payment = payments.payment_sync(order=order)
        order.refresh_from_db()
        return payment

    return pay
