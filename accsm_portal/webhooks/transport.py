"""One POST to a partner's address, safe against bad targets.

- The host name is resolved once; every address it resolves to must be public (or inside
  WEBHOOKS_ALLOWED_NETWORKS), and the connection goes to the address that was checked, so a
  second DNS answer cannot point it at the portal's own network (DNS rebinding).
- Connect and read time-outs bound each step, and an overall deadline the whole attempt (a
  partner that answers one byte at a time never times out a single read); no redirect is
  followed (http.client never follows one, and a 3xx counts as a failure).
- Only a short excerpt of the answer is read.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

EXCERPT_BYTES = 1024


class TargetRefused(Exception):
    """The address may not be called (a private network, a wrong scheme, no such host)."""


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    duration_ms: int
    excerpt: str = ""
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for network in settings.WEBHOOKS_ALLOWED_NETWORKS:
        if ip in ipaddress.ip_network(network, strict=False):
            return True
    # Loopback, private, link-local (169.254.169.254, the cloud metadata address), shared,
    # reserved and multicast addresses are all "not global".
    return ip.is_global and not ip.is_multicast


def resolve_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked address) of a target URL, or TargetRefused."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        raise TargetRefused(f"not an http(s) address: {url[:100]}")
    if settings.WEBHOOKS_REQUIRE_HTTPS and scheme != "https":
        raise TargetRefused("only https:// addresses are allowed")
    port = parts.port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise TargetRefused(f"cannot resolve {parts.hostname}: {error}") from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    refused = [a for a in addresses if not _allowed(a)]
    if refused or not addresses:
        # One private answer among public ones is refused too: which one a connection would
        # use is not ours to choose.
        raise TargetRefused(f"{parts.hostname} resolves to a non-public address ({refused[0]})")
    return scheme, parts.hostname, port, addresses[0]


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Answer:
    started = time.monotonic()

    def elapsed() -> int:
        return round((time.monotonic() - started) * 1000)

    try:
        scheme, host, port, address = resolve_target(url)
    except TargetRefused as refusal:
        return Answer(None, elapsed(), error=f"refused: {refusal}"[:300])
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(host, port, timeout=settings.WEBHOOKS_READ_TIMEOUT)
    # At the deadline the socket is shut down from a timer thread: whatever read or write the
    # attempt is blocked in then fails at once.
    cut = _Deadline(settings.WEBHOOKS_ATTEMPT_DEADLINE_SECONDS - (time.monotonic() - started))
    try:
        sock = socket.create_connection((address, port), timeout=settings.WEBHOOKS_CONNECT_TIMEOUT)
        cut.watch(sock)
        sock.settimeout(settings.WEBHOOKS_READ_TIMEOUT)
        if scheme == "https":
            # The certificate must name the host, although the connection goes to its address.
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        connection.sock = sock
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT_BYTES).decode("utf-8", errors="replace")
        if cut.fired:
            raise TimeoutError("cut off at the attempt's deadline")
        return Answer(response.status, elapsed(), excerpt=excerpt)
    except (OSError, http.client.HTTPException) as failure:
        reason = f"{type(failure).__name__}: {failure}"
        if cut.fired:
            deadline = settings.WEBHOOKS_ATTEMPT_DEADLINE_SECONDS
            reason = f"TimeoutError: the attempt's deadline of {deadline:g} s passed"
        return Answer(None, elapsed(), error=reason[:300])
    finally:
        cut.cancel()
        connection.close()


class _Deadline:
    """Shuts a socket down when the attempt's time is up (WEBHOOKS_ATTEMPT_DEADLINE_SECONDS)."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.sock: socket.socket | None = None
        self.timer = threading.Timer(max(seconds, 0.0), self._fire)
        self.timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        self.sock = sock
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        if self.sock is not None:
            # Already closed: the attempt ended as the timer fired.
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.timer.cancel()
