"""Every page of the portal, read from the URL conf: the permission walk's list of what to visit."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Page:
    """A URL pattern: its full name (`namespace:name`), its route and the arguments it takes."""

    name: str
    route: str
    arguments: tuple[str, ...]
    view: object

    @property
    def model(self):
        """The model a generic record view (or an API viewset) shows, or None."""
        view_class = getattr(self.view, "view_class", None) or getattr(self.view, "cls", None)
        return getattr(view_class, "model", None)

    def __str__(self) -> str:
        return self.name


def portal_pages(*, skip: dict[str, str]) -> list[Page]:
    """Every named pattern, through every include, except the namespaces and names in `skip`.

    A pattern without a name gets its route as name, so that it shows up rather than vanishes.
    """
    pages = [page for page in _walk(get_resolver(), route="", namespace="") if not _skipped(page, skip)]
    return sorted(pages, key=lambda page: page.name)


def _walk(resolver: URLResolver, *, route: str, namespace: str):
    for entry in resolver.url_patterns:
        entry_route = route + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route=entry_route, namespace=inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or entry_route
            full_name = f"{namespace}:{name}" if namespace else name
            arguments = tuple(entry.pattern.converters) or tuple(entry.pattern.regex.groupindex)
            yield Page(full_name, entry_route, arguments, entry.callback)


def _skipped(page: Page, skip: dict[str, str]) -> bool:
    namespace = page.name.split(":", 1)[0] if ":" in page.name else None
    return page.name in skip or namespace in skip
