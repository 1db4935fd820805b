"""Django's json, jsonl and python serializers, safe for history rows that outlive their record.

A history row (django-simple-history) keeps the foreign keys its record had, without a database
constraint: after a meeting is deleted, its agenda items' history still holds its id. Django's
serializers, asked for natural keys (`dumpdata --natural-foreign`), fetch each related record
to name it and stop at the first one that is gone ("Meeting matching query does not exist"),
so a portal in which anything was ever deleted could not be dumped. These serializers write
such a reference as the plain id it holds, which `loaddata` reads back as it was (a plain id
is accepted wherever a natural key is). Everything else is Django's own code.

SERIALIZATION_MODULES (settings/base.py) puts them in place of Django's formats of the same
names, so `dumpdata`, `loaddata` and `serializers.serialize()` all use them.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models


class DanglingReferenceMixin:
    """Write a reference whose record is gone as the id it holds instead of failing."""

    def handle_fk_field(self, obj: models.Model, field: models.ForeignKey) -> None:
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            # Only a reference without a constraint (a history row's) can point at nothing.
            self._current[field.name] = self._value_from_field(obj, field)
