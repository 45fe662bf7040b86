"""Demo strategy data: the 2021–2025 strategy period, its priorities, yearly EU advocacy topics."""

import datetime

from .models import AdvocacyTopic, Priority, StrategyPeriod

PRIORITIES = [
    # code, Finnish, Swedish, English, special
    (
        "talent",
        "Työperäinen maahanmuutto ja osaajien houkuttelu",
        "Arbetsrelaterad invandring och talangattraktion",
        "Work-based immigration and talent attraction",
        True,
    ),
    (
        "economy",
        "Vastuullinen ja kestävä talous",
        "Ansvarsfull och hållbar ekonomi",
        "Responsible and sustainable economy",
        False,
    ),
    (
        "climate",
        "Kunnianhimoinen ilmastovastuu",
        "Ambitiöst klimatansvar",
        "Ambitious climate responsibility",
        False,
    ),
    ("liveable", "Viihtyisä kaupunki", "En trivsam stad", "Pleasant and liveable city", False),
    ("segregation", "Segregaation ehkäisy", "Förebyggande av segregation", "Preventing segregation", False),
]

ADVOCACY_TOPICS = [
    (
        2026,
        "Kaupunkien suora pääsy EU-rahoitukseen",
        "Städernas direkta tillgång till EU-finansiering",
        "Cities' direct access to EU funding",
    ),
    (
        2026,
        "Osaajien liikkuvuus ja kotoutuminen",
        "Talangers rörlighet och integration",
        "Mobility and integration of talent",
    ),
    (
        2026,
        "Ilmastoneutraalit ja älykkäät kaupungit",
        "Klimatneutrala och smarta städer",
        "Climate-neutral and smart cities",
    ),
]


def load() -> None:
    period, _ = StrategyPeriod.objects.get_or_create(
        name="2021–2025",
        defaults={"starts_on": datetime.date(2021, 8, 1), "ends_on": datetime.date(2025, 7, 31)},
    )
    for order, (code, name_fi, name_sv, name_en, special) in enumerate(PRIORITIES):
        Priority.objects.get_or_create(
            period=period,
            code=code,
            defaults={
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "is_special": special,
                "order": order,
            },
        )
    for year, name_fi, name_sv, name_en in ADVOCACY_TOPICS:
        AdvocacyTopic.objects.get_or_create(
            year=year, name_fi=name_fi, defaults={"name_sv": name_sv, "name_en": name_en}
        )
