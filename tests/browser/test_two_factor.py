"""A newcomer's first admin sign-in in a real browser: password, then setting up the
authenticator from the QR code page, the recovery codes, and the admin (docs/operations.md)."""

from base64 import b32encode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_sign_in_sets_up_two_factor_in_khmer(
    page, live_server, external_requests, django_user_model
):
    django_user_model.objects.create_superuser("admin", "", "s3cret-pass!")

    page.goto(f"{live_server.url}/km/admin/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "s3cret-pass!")
    page.click("input[type=submit]")
    page.wait_for_url("**/accounts/two-factor/setup/**")

    # the set-up page: a QR code drawn inline and the key to type, in Khmer
    assert "/km/accounts/two-factor/setup/" in page.url
    assert page.locator(".two-factor-qr svg").is_visible()
    assert page.locator("h1").inner_text() == "រៀបចំការផ្ទៀងផ្ទាត់ភាពត្រឹមត្រូវពីរជំហាន"
    device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
    key = page.locator(".two-factor-key").inner_text().replace(" ", "")
    assert key == b32encode(device.bin_key).decode().rstrip("=")

    page.fill("#id_token", f"{totp(device.bin_key):06d}")
    page.click("input[type=submit]")

    page.locator(".two-factor-codes li").first.wait_for()
    assert page.locator(".two-factor-codes li").count() == 10
    page.click("a.button")
    page.wait_for_url(f"{live_server.url}/km/admin/")
    assert page.url == f"{live_server.url}/km/admin/"
    assert page.locator("#user-tools").is_visible()
    assert external_requests == []
