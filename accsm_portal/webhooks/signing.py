"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

`webhook-signature` holds "v1," + base64(HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}"))
for each valid secret, separated by spaces: during a rotation both the new and the previous
secret sign, so a partner that has not switched yet still verifies."""

import base64
import hashlib
import hmac

from accsm_portal.webhooks.models import secret_bytes


def signature(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signed_headers(
    secrets: list[str], *, message_id: str, timestamp: int, body: str
) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(
            signature(s, message_id=message_id, timestamp=timestamp, body=body) for s in secrets
        ),
    }
