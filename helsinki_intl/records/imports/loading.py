"""The records an import's rows name, found with one query for the whole file."""

from collections import defaultdict

from import_export.instance_loaders import ModelInstanceLoader


class NaturalKeyInstanceLoader(ModelInstanceLoader):
    """Finds each row's existing record among those read once for all the file's keys.

    The records are read by the values of the first import id column found in the file and
    matched on all the import id columns, as the row-by-row lookup would have matched them.
    A row whose key cells cannot be read is looked up on its own, so that its error is
    reported as before.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        self.records: dict[tuple, list] = defaultdict(list)
        first = self.key_fields[0] if self.key_fields else None
        if first is None or dataset is None or not dataset.headers:
            return
        if any(str(field.column_name) not in dataset.headers for field in self.key_fields):
            return
        values = set()
        for row in dataset.dict:
            try:
                values.add(first.clean(row))
            except ValueError:
                continue
        values.discard(None)
        queryset = self.get_queryset().filter(**{f"{first.attribute}__in": values})
        queryset = queryset.select_related(*self.related_paths(queryset.model))
        # An updated row's lists are compared with the record's (skip_row): read with the records.
        queryset = queryset.prefetch_related(*(field.attribute for field in resource.list_fields()))
        for record in queryset:
            self.records[self.key_of_record(record)].append(record)

    def related_paths(self, model) -> list[str]:
        """The relations the key columns follow, e.g. "membership" and "membership__network"."""
        paths = []
        for field in self.key_fields:
            current, parts = model, field.attribute.split("__")
            for depth, part in enumerate(parts, start=1):
                model_field = current._meta.get_field(part)
                if not model_field.is_relation:
                    break
                paths.append("__".join(parts[:depth]))
                current = model_field.related_model
        return paths

    def key_of_record(self, record) -> tuple:
        return tuple(field.get_value(record) for field in self.key_fields)

    def get_instance(self, row):
        key = tuple(field.clean(row) for field in self.key_fields)
        if not key or key[0] is None:
            return super().get_instance(row)
        found = self.records.get(key, [])
        if len(found) > 1:
            raise self.resource._meta.model.MultipleObjectsReturned
        return found[0] if found else None
