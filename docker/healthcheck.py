"""Container health check for the web service: GET /healthz from gunicorn inside the container.

Exits 0 when the portal answers 200 (database, cache and broker all up), 1 otherwise. The
request names the portal's public host (the first of ALLOWED_HOSTS) so Django accepts it, and
says it came through the TLS proxy so no redirect to https is sent back.
Usage: python docker/healthcheck.py [port]  (default 8000)
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = sys.argv[1] if len(sys.argv) > 1 else "8000"
    host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    if host in {"", "*"}:
        host = "localhost"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=8) as response:
            body = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        sys.stderr.write(f"unhealthy: {exc}\n")
        return 1
    sys.stdout.write(body + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
