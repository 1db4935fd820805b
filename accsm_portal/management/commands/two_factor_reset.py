"""Remove an account's two-factor devices (a lost phone): it sets up anew at the next sign-in."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accsm_portal.core.accounts import two_factor_reset


class Command(BaseCommand):
    help = (
        "Remove the authenticator and recovery codes of an account; at its next sign-in to "
        "the admin it is asked to set up two-factor authentication again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist as error:
            raise CommandError(f"No account named '{username}'.") from error
        removed = two_factor_reset(user=user)
        self.stdout.write(
            self.style.SUCCESS(f"Removed {removed} two-factor device(s) of '{username}'.")
        )
