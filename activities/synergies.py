"""What an activity could be planned together with: other activities to the same city or country
near its dates, and what the city already has in that country (each register that says, through
its declaration's `in_country`)."""

from dataclasses import dataclass, field

from helsinki_intl.records.countries import country_name
from helsinki_intl.records.registers import registers

from .models import SYNERGY_DAYS, Activity

SHOWN = 10
"""The most records of each kind the panel names; the rest are counted."""


@dataclass(frozen=True)
class Shown:
    records: list
    more: int = 0


@dataclass(frozen=True)
class Synergies:
    country: str = ""
    same_city: Shown = field(default_factory=lambda: Shown([]))
    same_country: Shown = field(default_factory=lambda: Shown([]))
    in_country: list[tuple[str, Shown]] = field(default_factory=list)
    days: int = SYNERGY_DAYS

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    @property
    def any(self) -> bool:
        return bool(self.same_city.records or self.same_country.records or self.in_country)


def _shown(records: list) -> Shown:
    return Shown(records[:SHOWN], max(0, len(records) - SHOWN))


def synergies_of(activity: Activity) -> Synergies:
    """The activity's synergies, in one query for the activities and one for each register that
    names its records in a country; none for an activity online or without place and dates."""
    if activity.online or not activity.country or not (activity.starts_on and activity.ends_on):
        return Synergies()
    city = activity.city.strip().casefold()
    nearby = list(Activity.objects.near(activity))
    in_country = []
    for _register, records in registers.in_country(activity.country):
        if records:
            label = records[0]._meta.verbose_name_plural
            in_country.append((label, _shown(records)))
    return Synergies(
        country=activity.country,
        same_city=_shown([other for other in nearby if other.city.strip().casefold() == city]),
        same_country=_shown([other for other in nearby if other.city.strip().casefold() != city]),
        in_country=in_country,
    )
