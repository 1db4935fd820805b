"""Move the portal's records from its database (DATABASE_URL) into a new, empty one.

    manage.py move_database --to postgres://accsm@127.0.0.1:5432/accsm    # SQLite -> PostgreSQL
    manage.py move_database --to sqlite:////srv/copy/db.sqlite3           # and back, for a copy

docs/operations.md gives the whole procedure. Every row of every table is copied with its
primary key: records in every language, their history (simple-history rows refer to their
record by id), users, groups and permissions, API tokens (stored hashes, so still valid),
sessions, the admin log and the uploaded files' references (the files stay in MEDIA_ROOT).
The search index is derived data and is rebuilt in the target instead of copied.

The copy is `dumpdata` of the source and `loaddata` into the target, so it is Django's own
format and code. The load runs in a child process whose DATABASE_URL is the target, so that
`migrate`, `loaddata` and the search rebuild write there and nowhere else, and in one
transaction: a failure leaves nothing in the target (and tables this command created are
dropped), and the source is only read. `loaddata` resets PostgreSQL's sequences after it.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import environ
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import signals
from django.utils.translation import gettext as _

from accsm_portal.core.roles import ROLE_PERMISSIONS

TARGET_ALIAS = "move_target"
ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
# Rebuilt in the target from the records it indexes (docs/search.md), so never copied.
NOT_COPIED = ["search.searchentry"]
# What `migrate` itself writes into a new database; the copy replaces it with the source's rows,
# so that content types and permissions keep their ids (rows elsewhere refer to them by id).
WRITTEN_BY_MIGRATE = (ContentType, Permission, Group, Group.permissions.through)
# Model signals stay silent while the rows are written: a copy is not an edit. loaddata saves
# records "raw", but it sets their many-to-many relations through the ordinary API, which would
# move the owners' updated_at (accsm_portal/sync.py) and schedule index refreshes and webhooks.
MODEL_SIGNALS = (
    signals.pre_save,
    signals.post_save,
    signals.pre_delete,
    signals.post_delete,
    signals.m2m_changed,
)


class Command(BaseCommand):
    help = "Copy every record of this portal's database into a new, empty database."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to",
            dest="target",
            help="The target database, as a DATABASE_URL (postgres://... or sqlite:///...).",
        )
        # The second half of a move, run by the first in a child process whose DATABASE_URL
        # is the target; not meant to be called by hand.
        parser.add_argument("--load", dest="load", help="(internal) a dump to load.")

    def handle(self, *args, target: str | None, load: str | None, **options) -> None:
        if load:
            self._load(Path(load))
            return
        if not target:
            raise CommandError(_("Name the target database: --to DATABASE_URL."))
        config = _target_config(target)
        _check_source_migrated()
        existed = _target_check_empty(config)
        with tempfile.TemporaryDirectory(prefix="accsm-move-") as folder:
            dump = Path(folder) / "records.jsonl"
            # --all: the base manager, so no default manager's filter can leave rows behind.
            call_command(
                "dumpdata",
                format="jsonl",
                output=str(dump),
                exclude=NOT_COPIED,
                use_base_manager=True,
            )
            copied = _count_rows(dump)
            manage = str(Path(settings.BASE_DIR) / "manage.py")
            child = subprocess.run(
                [sys.executable, manage, "move_database", "--load", str(dump)],
                env=_child_environment(target),
                capture_output=True,
                text=True,
                check=False,
            )
        if child.returncode != 0:
            _target_clean_up(config, existed)
            reason = (child.stderr.strip().splitlines() or [f"exit {child.returncode}"])[-1]
            raise CommandError(
                _("The move failed; nothing was kept in the target database: %(reason)s")
                % {"reason": reason}
            )
        self.stdout.write(child.stdout.strip())
        self.stdout.write(
            _("Moved %(rows)d rows of %(models)d kinds of record into the target database.")
            % {"rows": sum(copied.values()), "models": len(copied)}
        )

    def _load(self, dump: Path) -> None:
        """In the child process, where the default database is the target."""
        call_command("migrate", interactive=False, verbosity=0)
        expected = _count_rows(dump)
        with transaction.atomic():
            for model in reversed(WRITTEN_BY_MIGRATE):
                model._base_manager.all().delete()
            ContentType.objects.clear_cache()
            with _signals_muted():
                call_command("loaddata", str(dump), verbosity=0)
            ContentType.objects.clear_cache()
            found = {label: _model(label)._base_manager.count() for label in expected}
            missing = {label: n for label, n in expected.items() if found[label] != n}
            if missing:
                raise CommandError(
                    _("Rows differ after loading: %(models)s") % {"models": sorted(missing)}
                )
            call_command("search_rebuild", stdout=self.stdout)


def _target_config(url: str) -> dict:
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in environ.Env.DB_SCHEMES:
        raise CommandError(
            _("%(url)s is not a database URL (postgres://... or sqlite:///...).") % {"url": url}
        )
    try:
        config = environ.Env.db_url_config(url)
    except (ImproperlyConfigured, KeyError, ValueError) as error:
        raise CommandError(
            _("%(url)s is not a database URL (postgres://... or sqlite:///...).") % {"url": url}
        ) from error
    if config.get("ENGINE") not in ENGINES:
        raise CommandError(
            _("The target must be a PostgreSQL or SQLite database, not %(engine)s.")
            % {"engine": config.get("ENGINE")}
        )
    source = connections[DEFAULT_DB_ALIAS].settings_dict
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    if all(str(config.get(k) or "") == str(source.get(k) or "") for k in keys):
        raise CommandError(_("The target is the portal's own database."))
    return config


def _check_source_migrated() -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(
            _("The portal's database has migrations to apply; run manage.py migrate first.")
        )


@contextmanager
def database_connection(config: dict, alias: str = TARGET_ALIAS):
    """A connection to another database (a DATABASES entry) under `alias`, while in the block;
    `Model.objects.using(alias)` reads it. The tests compare two databases with it."""
    connections.settings[alias] = connections.configure_settings(
        {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), alias: dict(config)}
    )[alias]
    try:
        yield connections[alias]
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def _sqlite_exists(config: dict) -> bool:
    path = Path(config["NAME"])
    return path.exists() and path.stat().st_size > 0


def _target_check_empty(config: dict) -> bool:
    """Refuse a target that holds anything but what `migrate` writes; returns whether it had
    tables (which a failed move then leaves in place)."""
    if config["ENGINE"].endswith("sqlite3") and not _sqlite_exists(config):
        return False
    with database_connection(config) as connection:
        try:
            tables = set(connection.introspection.table_names())
        except Exception as error:
            raise CommandError(
                _("Cannot open the target database: %(error)s") % {"error": error}
            ) from error
        holding = []
        for model in apps.get_models(include_auto_created=True):
            if model._meta.db_table not in tables or model in WRITTEN_BY_MIGRATE[:2]:
                continue
            rows = model._base_manager.using(TARGET_ALIAS)
            if model is Group:
                rows = rows.exclude(name__in=ROLE_PERMISSIONS)
            elif model is Group.permissions.through:
                rows = rows.exclude(group__name__in=ROLE_PERMISSIONS)
            if rows.exists():
                holding.append(model._meta.db_table)
    if holding:
        raise CommandError(
            _(
                "The target database is not empty (%(tables)s hold rows); "
                "move into a new, empty database."
            )
            % {"tables": ", ".join(sorted(holding)[:5]) + (", ..." if len(holding) > 5 else "")}
        )
    return bool(tables)


def _target_clean_up(config: dict, existed: bool) -> None:
    """Remove what a failed move created: the file or the tables of a target that had none."""
    if existed:
        return
    if config["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{config['NAME']}{suffix}").unlink(missing_ok=True)
        return
    with database_connection(config) as connection, connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _child_environment(target: str) -> dict[str, str]:
    environment = dict(os.environ, DATABASE_URL=target, CELERY_TASK_ALWAYS_EAGER="true")
    # No broker and no shared cache: a task sent from the load would reach a worker that works
    # on the source database, and the load must not touch the running portal's cache.
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        environment.pop(name, None)
    return environment


def _count_rows(dump: Path) -> Counter:
    with dump.open(encoding="utf-8") as lines:
        return Counter(json.loads(line)["model"] for line in lines if line.strip())


def _model(label: str):
    return apps.get_model(label)


@contextmanager
def _signals_muted():
    saved = [(signal, signal.receivers) for signal in MODEL_SIGNALS]
    try:
        for signal, _receivers in saved:
            signal.receivers = []
            signal.sender_receivers_cache.clear()
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
