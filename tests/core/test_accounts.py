"""Accounts: login lockout, two-factor authentication, password rules, sessions after a
password change (core/accounts.py, core/middleware.py, docs/operations.md)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accsm_portal.core.accounts import recovery_codes_replace, user_requires_two_factor
from tests.accounts import login

pytestmark = pytest.mark.django_db

PASSWORD = "s3cret-pass!"
KHMER_LOCKED = "ការចូលខុសច្រើនដងពេក"


def post_login(client: Client, url: str, username: str, password: str, address: str):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, url, username, address, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, url, username, "wrong-password", address)


# ---------------------------------------------------------------------------------------------
# Lockout
# ---------------------------------------------------------------------------------------------


def test_wrong_passwords_lock_the_admin_login_of_that_user_from_that_address(
    client, lao_translator, settings
):
    # given as many wrong passwords as the limit, from one address
    fail_until_locked(client, "/km/admin/login/", "translator.lo", "203.0.113.5", settings)

    # when the right password comes from the same address
    response = post_login(client, "/km/admin/login/", "translator.lo", PASSWORD, "203.0.113.5")

    # then it is refused with the translated page, and nobody is signed in
    assert response.status_code == 429
    page = response.content.decode()
    assert KHMER_LOCKED in page
    assert "_auth_user_id" not in client.session
    assert 'id="user-tools"' not in page


def test_the_lockout_is_per_user_and_address(client, lao_translator, khmer_translator, settings):
    fail_until_locked(client, "/en/admin/login/", "translator.lo", "203.0.113.5", settings)

    from_elsewhere = Client()
    other_user = Client()
    assert (
        post_login(
            from_elsewhere, "/en/admin/login/", "translator.lo", PASSWORD, "198.51.100.7"
        ).status_code
        == 302
    )
    assert (
        post_login(
            other_user, "/en/admin/login/", "translator.km", PASSWORD, "203.0.113.5"
        ).status_code
        == 302
    )


def test_the_delegate_sign_in_locks_too_with_the_portal_page(client, delegate, settings):
    fail_until_locked(client, "/km/accounts/login/", "delegate.kh", "203.0.113.9", settings)

    response = post_login(client, "/km/accounts/login/", "delegate.kh", PASSWORD, "203.0.113.9")

    assert response.status_code == 429
    page = response.content.decode()
    assert KHMER_LOCKED in page
    assert 'class="site-header"' in page  # the portal's frame, not the admin's
    assert "_auth_user_id" not in client.session


def test_axes_reset_username_unlocks(client, delegate, settings):
    fail_until_locked(client, "/en/accounts/login/", "delegate.kh", "203.0.113.9", settings)

    call_command("axes_reset_username", "delegate.kh")

    response = post_login(client, "/en/accounts/login/", "delegate.kh", PASSWORD, "203.0.113.9")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(delegate.pk)


def test_a_few_wrong_passwords_only_show_the_form_again(client, delegate, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = post_login(client, "/en/accounts/login/", "delegate.kh", "nope", "203.0.113.9")
        assert response.status_code == 200

    assert (
        post_login(
            client, "/en/accounts/login/", "delegate.kh", PASSWORD, "203.0.113.9"
        ).status_code
        == 302
    )


# ---------------------------------------------------------------------------------------------
# Two-factor authentication
# ---------------------------------------------------------------------------------------------


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_who_must_use_two_factors(
    secretariat_editor,
    lao_translator,
    cambodian_focal_point,
    viewer,
    delegate,
    django_user_model,
):
    superuser = django_user_model.objects.create_superuser("root", "", PASSWORD)
    account_manager = django_user_model.objects.create_user("accounts", password=PASSWORD)
    account_manager.user_permissions.add(
        Permission.objects.get(content_type__app_label="auth", codename="change_user")
    )

    assert user_requires_two_factor(superuser)
    assert user_requires_two_factor(secretariat_editor)  # publishes
    assert user_requires_two_factor(account_manager)
    assert not user_requires_two_factor(lao_translator)
    assert not user_requires_two_factor(cambodian_focal_point)
    assert not user_requires_two_factor(viewer)
    assert not user_requires_two_factor(delegate)


def test_a_publisher_signed_in_with_a_password_sets_up_two_factor_before_the_admin(
    client, secretariat_editor
):
    # given a publisher who signed in with the right password, in Khmer
    response = client.post(
        "/km/admin/login/?next=/km/admin/meetings/meeting/",
        {"username": "editor.asec", "password": PASSWORD, "next": "/km/admin/meetings/meeting/"},
    )
    assert response.status_code == 302

    # when they open an admin page, they are sent to the set-up page instead
    response = client.get("/km/admin/meetings/meeting/")
    assert response.status_code == 302
    assert response["Location"].startswith("/km/accounts/two-factor/setup/?next=")
    for page in ("/km/admin/", "/km/admin/auth/user/", "/km/admin/password_change/"):
        assert client.get(page)["Location"].startswith("/km/accounts/two-factor/setup/")

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    page = setup.content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=secretariat_editor, confirmed=False)
    assert "ផ្ទៀងផ្ទាត់" in page  # the page speaks Khmer

    # a wrong code is refused, translated
    wrong = client.post(setup.request["PATH_INFO"], {"token": "000000", "next": "/km/admin/"})
    assert wrong.status_code == 200
    assert "លេខកូដនោះមិនត្រឹមត្រូវ" in wrong.content.decode()

    # when, a few seconds later (wrong codes are throttled), they type the authenticator's code
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        confirmed = client.post(
            "/km/accounts/two-factor/setup/",
            {"token": code_of(device), "next": "/km/admin/meetings/meeting/"},
        )

    # then ten recovery codes are shown once, and the admin opens
    assert confirmed.status_code == 200
    codes = confirmed.context["codes"]
    assert len(codes) == 10
    assert all(code in confirmed.content.decode() for code in codes)
    assert client.get("/km/admin/meetings/meeting/").status_code == 200
    assert client.get("/km/accounts/two-factor/setup/").status_code == 302  # not shown again


def test_a_publisher_with_an_authenticator_types_a_code_and_a_recovery_code_works_once(
    client, secretariat_editor
):
    device = TOTPDevice.objects.create(user=secretariat_editor, name="phone", confirmed=True)
    codes = recovery_codes_replace(user=secretariat_editor)
    client.post("/en/admin/login/", {"username": "editor.asec", "password": PASSWORD})

    response = client.get("/en/admin/")
    assert response["Location"] == "/en/accounts/two-factor/verify/?next=%2Fen%2Fadmin%2F"
    assert (
        client.post(
            "/en/accounts/two-factor/verify/", {"token": "123456", "next": "/en/admin/"}
        ).status_code
        == 200
    )
    assert client.get("/en/admin/").status_code == 302
    # right after a wrong code, even a right one waits (django-otp throttles wrong guesses)
    throttled = client.post(
        "/en/accounts/two-factor/verify/", {"token": codes[0], "next": "/en/admin/"}
    )
    assert "wait a few seconds" in throttled.content.decode()
    assert client.get("/en/admin/").status_code == 302
    # a few seconds later, a recovery code opens the admin
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        used = client.post(
            "/en/accounts/two-factor/verify/", {"token": codes[0], "next": "/en/admin/"}
        )
        assert used["Location"] == "/en/admin/"
        assert client.get("/en/admin/").status_code == 200
        assert not StaticToken.objects.filter(token=codes[0]).exists()

        # in a new session the same recovery code is refused; the authenticator's code works
        other = Client()
        other.post("/en/admin/login/", {"username": "editor.asec", "password": PASSWORD})
        again = other.post(
            "/en/accounts/two-factor/verify/", {"token": codes[0], "next": "/en/admin/"}
        )
        assert again.status_code == 200
        assert other.get("/en/admin/").status_code == 302
    with time_machine.travel(timezone.now() + timedelta(seconds=15)):
        ok = other.post(
            "/en/accounts/two-factor/verify/", {"token": code_of(device), "next": "/en/admin/"}
        )
        assert ok.status_code == 302
        assert other.get("/en/admin/").status_code == 200


def test_an_unverified_publisher_cannot_open_a_draft_preview_either(client, secretariat_editor):
    client.force_login(secretariat_editor)

    response = client.get("/en/preview/anything/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/two-factor/setup/")


def test_an_offsite_next_is_not_followed(client, secretariat_editor):
    device = TOTPDevice.objects.create(user=secretariat_editor, name="phone", confirmed=True)
    client.force_login(secretariat_editor)

    response = client.post(
        "/en/accounts/two-factor/verify/",
        {"token": code_of(device), "next": "https://evil.example/"},
    )

    assert response["Location"] == "/en/admin/"


def test_a_translator_is_not_asked_for_a_second_factor(client, lao_translator):
    client.post("/lo/admin/login/", {"username": "translator.lo", "password": PASSWORD})

    assert client.get("/lo/admin/meetings/meeting/").status_code == 200


def test_two_factor_reset_makes_the_account_set_up_again(client, secretariat_editor):
    login(client, secretariat_editor)
    assert TOTPDevice.objects.filter(user=secretariat_editor).exists()

    call_command("two_factor_reset", "editor.asec")

    assert not TOTPDevice.objects.filter(user=secretariat_editor).exists()
    fresh = Client()
    fresh.force_login(secretariat_editor)
    assert fresh.get("/en/admin/")["Location"].startswith("/en/accounts/two-factor/setup/")


def test_the_login_helper_lets_publishers_and_others_into_the_admin(
    client, secretariat_editor, lao_translator
):
    login(client, secretariat_editor)
    assert client.get("/en/admin/meetings/meeting/").status_code == 200
    other = Client()
    login(other, lao_translator)
    assert other.get("/en/admin/meetings/meeting/").status_code == 200


# ---------------------------------------------------------------------------------------------
# Passwords and sessions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "khmer"),
    [
        ("password123", "ពាក្យសម្ងាត់នេះសាមញ្ញពេក។"),  # common
        ("x7#q", "ពាក្យសម្ងាត់នេះខ្លីពេក។"),  # short
        ("80412937561", "ពាក្យសម្ងាត់នេះមានតែលេខសុទ្ធ។"),  # all digits
    ],
    ids=["common", "short", "numeric"],
)
def test_the_admin_refuses_a_weak_new_password_in_the_readers_language(
    client, lao_translator, password, khmer
):
    login(client, lao_translator)

    response = client.post(
        "/km/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["new_password2"])
    assert khmer in errors
    lao_translator.refresh_from_db()
    assert lao_translator.check_password(PASSWORD)


def test_changing_ones_own_password_signs_out_ones_other_sessions(client, lao_translator):
    # given the same translator signed in on two browsers
    elsewhere = Client()
    login(elsewhere, lao_translator)
    login(client, lao_translator)
    assert elsewhere.get("/en/admin/").status_code == 200

    # when they change their password on one of them
    response = client.post(
        "/en/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-Longer-pass-2026",
            "new_password2": "a-much-Longer-pass-2026",
        },
    )
    assert response.status_code == 302

    # then that one stays signed in, and the other is signed out
    assert client.get("/en/admin/").status_code == 200
    assert elsewhere.get("/en/admin/")["Location"].startswith("/en/admin/login/")


def test_a_password_set_by_an_administrator_signs_the_user_out(
    client, lao_translator, django_user_model
):
    login(client, lao_translator)
    assert client.get("/en/admin/").status_code == 200

    administrator = Client()
    login(administrator, django_user_model.objects.create_superuser("root", "", PASSWORD))
    response = administrator.post(
        f"/en/admin/auth/user/{lao_translator.pk}/password/",
        {
            "password1": "a-much-Longer-pass-2026",
            "password2": "a-much-Longer-pass-2026",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302

    assert client.get("/en/admin/")["Location"].startswith("/en/admin/login/")
