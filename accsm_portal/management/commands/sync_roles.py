from django.core.management.base import BaseCommand

from accsm_portal.core.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the portal's role groups with exactly their permissions."

    def handle(self, *args, **options):
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
