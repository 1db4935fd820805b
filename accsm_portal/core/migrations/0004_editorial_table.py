"""Give core.Editorial a table, so `dumpdata` and `manage.py move_database` can read it.

Editorial was unmanaged: a model without a table, kept only to hold `core.publish_records`.
Django's own tools read every model's table, and `dumpdata` stopped at "no such table:
core_editorial". Turning the model into a managed one with an (always empty) table keeps its
content type and its permission row as they are, so every group (and user) that holds
`core.publish_records` keeps it: nothing about permissions changes here.

The autodetector writes only AlterModelOptions for an unmanaged model becoming managed, and
that operation creates no table; the operation below creates it (and drops it on reverse).
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation


class CreateEditorialTable(Operation):
    """Create the table of the model once it is managed; the state is AlterModelOptions's."""

    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, "Editorial")
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.create_model(model)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, "Editorial")
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.delete_model(model)

    def describe(self):
        return "Create the table of core.Editorial"


class Migration(migrations.Migration):
    dependencies = [("core", "0003_undated_last")]

    operations = [
        migrations.AlterModelOptions(
            name="editorial",
            options={
                "default_permissions": (),
                "permissions": [("publish_records", "Can publish and unpublish records")],
                "verbose_name": "editorial permission",
                "verbose_name_plural": "editorial permissions",
            },
        ),
        CreateEditorialTable(),
    ]
