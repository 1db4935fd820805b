"""Create the first administrator, or say how to log in as the existing one."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create an 'admin' superuser if none exists and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        url = f"{settings.SITE_URL}/en/admin/"
        existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            hint = (
                f"its password is in {PASSWORD_FILE.name}"
                if PASSWORD_FILE.exists()
                else "use the password you set (manage.py changepassword resets it)"
            )
            self.stdout.write(f"Admin login: {url} as '{existing.get_username()}'; {hint}.")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        PASSWORD_FILE.write_text(password + "\n", encoding="utf-8")
        PASSWORD_FILE.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin login: {url} user '{username}' password '{password}' "
                f"(also saved in {PASSWORD_FILE.name})."
            )
        )
        # Superusers must use two factors (core/accounts.py): say so before the page surprises.
        self.stdout.write(
            "At the first sign-in the admin asks you to set up two-factor authentication "
            "with an authenticator app on your phone."
        )
