"""Pagination whose later pages cost about as little as its first.

Two things make a page of a long list slow in a database: skipping an OFFSET means reading
every row before it, and sorting wide rows (a record with its related records) costs more than
sorting their keys. So a page's keys are found first, in a subquery that reads only what the
filters and the sort need, and the page's whole rows are read for those keys alone. A page in
the list's second half is counted from the list's end, in reversed order, so that no offset is
more than half the list. It is still one query.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

PRIMARY_KEY_NAMES = ("pk", "-pk", "id", "-id")
COUNT_LIFETIME_SECONDS = 60 * 60


def ordering_of(queryset: QuerySet) -> list:
    return list(queryset.query.order_by or queryset.model._meta.ordering)


def in_total_order(queryset: QuerySet) -> QuerySet:
    """The queryset in its own order, with the primary key last to break ties.

    Counting from the end finds the same rows as counting from the start only if no two rows
    sort equal.
    """
    ordering = ordering_of(queryset)
    if any(isinstance(field, str) and field in PRIMARY_KEY_NAMES for field in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


class FromEitherEndPaginator(Paginator):
    """A paginator for a queryset, reading each page's keys first, and its count from the cache.

    `rows_for(keys)` gives the page's whole rows (related records, prefetches, the list's
    sort) for a subquery of their keys; by default the list's own queryset limited to them.
    """

    def __init__(
        self,
        object_list,
        *args,
        rows_for: Callable[[QuerySet], QuerySet] | None = None,
        count_key: str | None = None,
        **kwargs,
    ):
        if isinstance(object_list, QuerySet):
            object_list = in_total_order(object_list)
        self.rows_for = rows_for or self.rows_of_list
        self.count_key = count_key
        super().__init__(object_list, *args, **kwargs)

    @cached_property
    def count(self) -> int:
        """The number of rows; kept in the cache under `count_key` when there is one.

        Counting reads every row the filters keep, the one part of a page whose cost grows with
        the list; the key must change whenever the rows may (see `cache_keys`).
        """
        if self.count_key is None:
            return super().count
        count = cache.get(self.count_key)
        if count is None:
            count = super().count
            cache.set(self.count_key, count, COUNT_LIFETIME_SECONDS)
        return count

    def rows_of_list(self, keys: QuerySet) -> QuerySet:
        return self.object_list.filter(pk__in=keys)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not isinstance(self.object_list, QuerySet):
            return self._get_page(self.object_list[bottom:top], number, self)
        if bottom <= self.count - top:
            keys = self.object_list.values("pk")[bottom:top]
        else:
            keys = self.object_list.reverse().values("pk")[self.count - top : self.count - bottom]
        rows = in_total_order(self.rows_for(keys))
        return self._get_page(list(rows), number, self)
