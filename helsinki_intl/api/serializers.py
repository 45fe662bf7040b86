"""A record as the API writes it, built from its model: every stored field (but the edit lock's
version), related records as `{"id": ..., "name": ...}`, dates and times in ISO 8601 and money as
decimal strings. Fields that name persons are left out for a reader who may not export personal
data, as the portal's exports leave them out."""

import functools

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .endpoints import Endpoint

NOT_WRITTEN = frozenset({"version"})
"""The edit lock's counter says nothing of the record."""
EXPORT_PERSONAL_DATA = "records.export_personal_data"
VALIDATION_KWARGS = (
    "required",
    "default",
    "min_length",
    "max_length",
    "min_value",
    "max_value",
    "validators",
    "queryset",
)


class RelatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


@extend_schema_field(RelatedSerializer)
class RelatedField(serializers.RelatedField):
    """A related record as its id and its name (in the active language, as the portal shows it)."""

    def to_representation(self, value):
        return {"id": value.pk, "name": str(value)}


class RecordSerializer(serializers.ModelSerializer):
    serializer_related_field = RelatedField
    personal_data_fields: frozenset[str] = frozenset()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        # The schema describes the fields of a reader who may read them all.
        describing = getattr(self.context.get("view"), "swagger_fake_view", False)
        if not describing and not (request and request.user.has_perm(EXPORT_PERSONAL_DATA)):
            for name in self.personal_data_fields:
                fields.pop(name, None)
        return fields

    def build_field(self, field_name, info, model_class, nested_depth):
        # Read only, yet still saying whether it may be empty or null (as `read_only_fields`
        # would not), so that the schema allows what the records hold.
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        for validation in VALIDATION_KWARGS:
            kwargs.pop(validation, None)
        kwargs["read_only"] = True
        return field_class, kwargs

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        kwargs.pop("queryset", None)
        kwargs["read_only"] = True
        return field_class, kwargs


def written_fields(model: type[models.Model]) -> list[str]:
    fields = ["id"] if model._meta.pk.name == "id" else ["id", model._meta.pk.name]
    for field in model._meta.get_fields():
        stored = field.concrete or (field.many_to_many and not field.auto_created)
        if stored and not field.primary_key and field.name not in NOT_WRITTEN:
            fields.append(field.name)
    return fields


def foreign_keys(model: type[models.Model]) -> list:
    return [field for field in model._meta.get_fields() if field.many_to_one and field.concrete]


def _inner_paths(field) -> list[str]:
    return [f"{field.name}__{inner.name}" for inner in foreign_keys(field.related_model)]


def related_names(model: type[models.Model]) -> tuple[list[str], list[str]]:
    """(foreign keys, many-to-many fields) the serializer writes: what the queryset fetches with it.

    A related record's name may read its own related records (a membership is named by its
    network), so their foreign keys are fetched too."""
    single = [
        path
        for field in foreign_keys(model)
        if field.name not in NOT_WRITTEN
        for path in (field.name, *_inner_paths(field))
    ]
    many = [
        field.name
        for field in model._meta.get_fields()
        if field.many_to_many and not field.auto_created and field.name not in NOT_WRITTEN
    ]
    return single, many


@functools.cache
def serializer_for(endpoint: Endpoint) -> type[RecordSerializer]:
    model = endpoint.model
    fields = written_fields(model)
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(
        f"{model.__name__}Serializer",
        (RecordSerializer,),
        {
            "Meta": meta,
            "personal_data_fields": endpoint.personal_data_fields(),
            "id": serializers.IntegerField(source="pk", read_only=True),
        },
    )
