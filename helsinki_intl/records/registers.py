"""The registers, each declared once in its own app's `register.py`.

A register (memberships, partnerships, EU funding, event bids) states there what the shared
parts of the portal need of it: where its pages are and its menu entries, its lookups, which of
its models its units own, which are reviews and which international affairs manage, its demo
data, and its dates, reminders and figures for the coordination group. The shared parts (the
URL conf, the menu, the permission rules, `seed_demo`, the calendar, the reminders, the
summary) loop over `registers` and import no register's module: the arrows run from the
registers to the shared code, never back.

The declarations are read when the apps are ready (`RecordsConfig.ready`), in the order of
`INSTALLED_APPS`, which is the order of the menu and of the summary's sections.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuEntry:
    """A link of the main menu to one of the register's lists."""

    label: str
    url_name: str
    """The list's URL name, e.g. "networks:membership-list"."""
    section: str = ""
    """The path under which a page marks the entry current; the list's own path if empty."""

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class Register:
    """What the shared parts of the portal know of one register app."""

    app_label: str
    menu: tuple[MenuEntry, ...] = ()
    lookups: tuple = ()
    """The `records.lookups.Lookup`s of the register's related records (networks, partners...)."""
    unit_owned: tuple[str, ...] = ()
    """Model names of the records a unit owns: its units add and change them."""
    reviews: tuple[str, ...] = ()
    """Model names of the reviews, recorded by the coordination group."""
    managed: tuple[str, ...] = ()
    """Model names of rows edited through their record's forms and of reference data:
    international affairs manage them in the admin; everyone reads them."""
    demo: Callable[[], None] | None = None
    """Loads the register's demo data; safe to run again."""
    load_data: object | None = None
    """The register's part of the generated load data (`demo.load.plan.RegisterLoad`)."""
    calendar_dates: Callable[..., Iterator] | None = None
    """(concerning, since, uid_domain) -> the feed entries of the register's own dates
    (`coordination.calendar.FeedEntry`), beside the review due dates every reviewable has."""
    reminders: tuple = ()
    """The register's own reminder rules (`coordination.reminders.ReminderRule`), each naming the
    record type it reminds of and the fields of the type's reminder schedule it reads."""
    portfolio_list: str = ""
    """The URL name of the list whose current records the dashboard's portfolio counts."""
    dashboard_panels: tuple = ()
    """The register's panels of the dashboard (`coordination.dashboard.Panel`)."""
    summary: object | None = None
    """The register's part of the Strategy Department's summary
    (`coordination.summary.SummaryPart`)."""
    links: tuple = ()
    """The kinds of links its records make to other registers' records
    (`links.relations.LinkKind`: an application came through a membership)."""
    trail: object | None = None
    """What its records add, year by year, to the trail of other registers' records they link to
    (`links.trail.TrailPart`: the applications and grants that came through a membership)."""
    in_country: Callable[[str], Iterable] | None = None
    """(country code) -> the register's current records in that country, each with its page's
    URL (`get_absolute_url`): what the city already has there, shown beside an activity planned
    in the country."""

    @property
    def urls(self) -> str:
        return f"{self.app_label}.urls"

    @property
    def mounted_at(self) -> str:
        """Where the app's `urls.py` is mounted: under the app's label."""
        return f"{self.app_label}/"

    def models_by_kind(self) -> dict[str, tuple[str, ...]]:
        return {"unit_owned": self.unit_owned, "reviews": self.reviews, "managed": self.managed}


class RegisterRegistry:
    def __init__(self) -> None:
        self._registers: dict[str, Register] = {}
        self._listeners: list[Callable[[Register], None]] = []

    def register(self, register: Register) -> Register:
        if register.app_label in self._registers:
            raise ValueError(f"The register {register.app_label!r} is declared twice.")
        self._registers[register.app_label] = register
        for listener in self._listeners:
            listener(register)
        return register

    def on_register(self, listener: Callable[[Register], None]) -> None:
        """Calls `listener` with every register declared, those before included."""
        self._listeners.append(listener)
        for register in self._registers.values():
            listener(register)

    def __iter__(self) -> Iterator[Register]:
        return iter(self._registers.values())

    def __contains__(self, app_label: str) -> bool:
        return app_label in self._registers

    def get(self, app_label: str) -> Register:
        try:
            return self._registers[app_label]
        except KeyError:
            raise LookupError(app_label) from None

    def app_labels(self) -> list[str]:
        return list(self._registers)

    def lookups(self) -> list:
        return [lookup for register in self for lookup in register.lookups]

    def menu(self) -> list[MenuEntry]:
        return [entry for register in self for entry in register.menu]

    def in_country(self, country: str) -> Iterator[tuple[Register, list]]:
        """Each register's current records in the country, for the registers that say (one
        query each)."""
        for register in self:
            if register.in_country is not None:
                yield register, list(register.in_country(country))


registers = RegisterRegistry()
