"""Django's json, jsonl and python serializers, made to keep everything a database holds.

1. Times to the microsecond. Django's JSON encoder cuts them to milliseconds (the ECMAScript
   format), so a dump and load moved every `updated_at` a little into the past: a partner's
   `updated_since` cursor, taken from the portal before the move, could then skip or repeat
   records. These write the full ISO 8601 value, which Django reads back unchanged.

2. History rows that outlive their record.

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

import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without its cut of times to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class ExactTimesMixin:
    """For the JSON formats: encode with ExactJSONEncoder unless the caller chose an encoder."""

    def _init_options(self) -> None:
        chosen = "cls" in self.options
        super()._init_options()
        if not chosen:
            self.json_kwargs["cls"] = ExactJSONEncoder


class DanglingReferenceMixin:
    """Write a reference whose record is gone as the id it holds instead of failing."""

    def handle_fk_field(self, obj: models.Model, field: models.ForeignKey) -> None:
        try:
            super().handle_fk_field(obj, field)
        except ObjectDoesNotExist:
            # Only a reference without a constraint (a history row's) can point at nothing.
            self._current[field.name] = self._value_from_field(obj, field)
