"""A real partner: an HTTP server on 127.0.0.1 in a thread, answering as each test tells it,
and a partner's API token with a webhook subscription pointing at it."""

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    headers: dict[str, str]
    body: str
    at: float = field(default_factory=time.monotonic)  # when it arrived

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next status of `statuses` (the last one repeats), after
    `delay` seconds; keeps every request it got. With `trickle`, it sends its answer's headers
    one short line every 0.1 s for that many seconds (no single read ever waits long)."""

    url: str = ""
    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    delay_only_first: bool = False
    trickle: float = 0.0
    requests: list[Received] = field(default_factory=list)
    location: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self) -> tuple[int, float]:
        with self.lock:
            index = min(len(self.requests), len(self.statuses)) - 1
            delay = self.delay if len(self.requests) == 1 or not self.delay_only_first else 0.0
            return self.statuses[max(index, 0)], delay

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.requests) >= count:
                return self.requests
            time.sleep(0.05)
        raise AssertionError(f"the receiver got {len(self.requests)} requests, not {count}")


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length).decode("utf-8")
            with receiver.lock:
                receiver.requests.append(
                    Received({k.lower(): v for k, v in self.headers.items()}, body)
                )
            status, delay = receiver.answer()
            if delay:
                time.sleep(delay)
            if receiver.trickle:
                self.wfile.write(f"HTTP/1.1 {status} OK\r\n".encode())
                until = time.monotonic() + receiver.trickle
                while time.monotonic() < until:
                    self.wfile.write(b"X-Still-Thinking: yes\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
            self.send_response(status)
            if receiver.location:
                self.send_header("Location", receiver.location)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(f"answer {status}".encode())

        def log_message(self, *args) -> None:  # keep the test output clean
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from running_receiver()


@pytest.fixture
def second_receiver() -> Iterator[Receiver]:
    """Another partner's server, beside `receiver`."""
    yield from running_receiver()


def running_receiver() -> Iterator[Receiver]:
    partner = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(partner))
    server.daemon_threads = True
    # A client that hung up (a killed worker) is the test's business, not a traceback's.
    server.handle_error = lambda request, client_address: None
    partner.url = f"http://127.0.0.1:{server.server_port}/hooks/accsm?source=portal"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield partner
    server.shutdown()
    server.server_close()


@pytest.fixture
def partner_token(partner_system):
    from accsm_portal.models import ApiToken

    token, _text = ApiToken.issue(user=partner_system, name="ASEAN Secretariat mirror")
    return token


@pytest.fixture
def subscribe(partner_token, receiver):
    """Make a subscription for the partner (every event of the given types, by default)."""
    from accsm_portal.webhooks.models import Event, WebhookSubscription

    def make(**fields) -> WebhookSubscription:
        values = {
            "token": partner_token,
            "name": "Mirror",
            "target_url": receiver.url,
            "record_types": ["meeting", "document"],
            "events": list(Event.values),
            "language": "en",
            **fields,
        }
        return WebhookSubscription.objects.create(**values)

    return make


def verify_standard_webhook(secret: str, received: Received) -> bool:
    """The Standard Webhooks check a partner runs, written from the specification: any of the
    space-separated `v1,` signatures is HMAC-SHA256 over "{id}.{timestamp}.{body}" with the
    base64-decoded secret (after its `whsec_` prefix)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{received.headers['webhook-id']}.{received.headers['webhook-timestamp']}."
    expected = base64.b64encode(
        hmac.new(key, (signed + received.body).encode(), hashlib.sha256).digest()
    ).decode()
    for candidate in received.headers["webhook-signature"].split(" "):
        version, _comma, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False
