"""Signing staff in, in tests, the way the portal requires (core/accounts.py).

`login(client, user)` replaces `client.force_login(user)` everywhere: for an account that must
use two factors it also gives the account a confirmed authenticator and marks the session as
having passed the second step, as django-otp does after a right code. `browser_sign_in()` does
the same through the real pages in a Playwright browser.
"""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accsm_portal.core.accounts import user_requires_two_factor


def login(client: Client, user) -> None:
    """Sign `user` in on `client`, past the second step when the account needs one."""
    client.force_login(user)
    if not user_requires_two_factor(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def recovery_code_for(user) -> str:
    """A fresh one-time recovery code of `user` (so a second sign-in in one test has its own)."""
    TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "authenticator"})
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    return code


def browser_sign_in(page, base_url: str, user, password: str, language: str = "en") -> None:
    """Sign in to the admin through its login page and, when asked, the two-factor page."""
    # The account has its authenticator before the password is sent, so the admin asks for a
    # code rather than for a set-up.
    code = recovery_code_for(user) if user_requires_two_factor(user) else None
    page.goto(f"{base_url}/{language}/admin/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    if code is not None:
        page.wait_for_url("**/accounts/two-factor/verify/**")
        page.fill("#id_token", code)
        page.click("input[type=submit]")
        page.wait_for_url(lambda url: "/accounts/two-factor/" not in url)
    else:
        page.wait_for_url(lambda url: "/admin/login/" not in url)
