"""Issue, list and revoke partner systems' API tokens.

    manage.py api_token issue <username> --name "ASEAN Secretariat sync" [--days 365]
    manage.py api_token list
    manage.py api_token revoke <key id>

The account must be in the "partner" group (accsm_portal/core/roles.py); the full token is
printed once and only its hash is stored.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accsm_portal.models import ApiToken
from accsm_portal.services import api_token_issue, api_token_revoke


class Command(BaseCommand):
    help = "Issue, list and revoke partner systems' API tokens."

    def add_arguments(self, parser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        issue = commands.add_parser("issue", help="Issue a token to a partner account.")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="Which system will use it.")
        issue.add_argument("--days", type=int, default=None, help="Expire after this many days.")
        commands.add_parser("list", help="List tokens (never their secrets).")
        revoke = commands.add_parser("revoke", help="Revoke a token by its key id.")
        revoke.add_argument("key_id")

    def handle(self, *args, **options) -> None:
        getattr(self, f"handle_{options['action']}")(**options)

    def handle_issue(self, *, username: str, name: str, days: int | None, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        expires = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            _token, text = api_token_issue(user=user, name=name, expires_at=expires)
        except ValidationError as error:
            raise CommandError(f"{username!r}: {' '.join(error.messages)}") from error
        self.stdout.write(text)
        self.stderr.write(
            "Give this token to the partner now: it is not stored and cannot be shown again."
        )

    def handle_list(self, **options) -> None:
        for token in ApiToken.objects.select_related("user"):
            state = "revoked" if token.revoked_at else "active"
            self.stdout.write(
                f"{token.key_id}  {token.user.username}  {token.name}  {state}  "
                f"last used {token.last_used_at or 'never'}"
            )

    def handle_revoke(self, *, key_id: str, **options) -> None:
        token = ApiToken.objects.filter(key_id=key_id).first()
        if token is None or not api_token_revoke(token=token):
            raise CommandError(f"No active token with key id {key_id!r}.")
        self.stdout.write(f"Revoked {key_id}.")
