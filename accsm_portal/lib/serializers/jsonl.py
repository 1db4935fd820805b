"""Django's jsonl serializer, writing a history row's reference to a deleted record as its id."""

from django.core.serializers import jsonl as django_jsonl

from accsm_portal.lib.serializers import DanglingReferenceMixin

Deserializer = django_jsonl.Deserializer


class Serializer(DanglingReferenceMixin, django_jsonl.Serializer):
    pass
