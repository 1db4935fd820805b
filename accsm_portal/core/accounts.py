"""Accounts: who must use two factors, their devices, and the answer to a locked-out login.

Two-factor authentication is required of staff who can publish or manage accounts
(`user_requires_two_factor`, the one rule); core/middleware.py keeps them out of the admin
until they have given a code in this session, and core/views.py has the set-up and code pages.
Login throttling is django-axes (settings: AXES_*); this module gives it the client's address
and our translated lockout page.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accsm_portal.core.roles import PUBLISH_PERMISSION

# Publishing makes records public; managing accounts and groups hands out every other
# permission. A stolen password alone must not be enough for either.
TWO_FACTOR_PERMISSIONS = (
    PUBLISH_PERMISSION,
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
)
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def user_requires_two_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether this account must give a second factor before it may use the admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(user.has_perm(permission) for permission in TWO_FACTOR_PERMISSIONS)


def user_has_two_factor(user: AbstractBaseUser) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """The authenticator being set up: the same key on every reload until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no image library needed)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)


def totp_key_for_typing(device: TOTPDevice) -> str:
    """The base32 key in groups of four, for an authenticator without a camera."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def two_factor_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a pending authenticator with a code from it; return fresh recovery codes (shown
    once), or None if the code is wrong."""
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Other pending or older authenticators are dropped: one account, one authenticator.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user: AbstractBaseUser) -> list[str]:
    """New one-time recovery codes for the account; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_device_matching(*, user: AbstractBaseUser, token: str):
    """The confirmed device (authenticator or recovery codes) that accepts this code, or None.
    A recovery code is used up; each device throttles repeated wrong codes itself."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if device.verify_token(token):
            return device
    return None


def two_factor_throttled(*, user: AbstractBaseUser) -> bool:
    """Whether wrong codes came so fast that the devices refuse any code for a moment (each
    wrong code doubles the wait: django-otp's throttling)."""
    return any(
        not device.verify_is_allowed()[0] for device in devices_for_user(user, confirmed=True)
    )


@transaction.atomic
def two_factor_reset(*, user: AbstractBaseUser) -> int:
    """Remove every two-factor device of an account (a lost phone); it sets up anew at the next
    sign-in. Returns how many devices were removed."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


# ---------------------------------------------------------------------------------------------
# django-axes
# ---------------------------------------------------------------------------------------------


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the API's throttle sees it: the proxy's X-Forwarded-For entry
    only when we run that many proxies (settings NUM_PROXIES), so nobody picks their own."""
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """Our translated "too many attempts" page, in the admin's look on the admin's login and the
    portal's on the delegate sign-in; status 429 as django-axes answers."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes}
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "admin":
        context |= admin.site.each_context(request) | {"base_template": "admin/base_site.html"}
    else:
        context["base_template"] = "base.html"
    return render(request, "core/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
