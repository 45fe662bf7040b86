"""Demo organisation: the city's divisions, departments and companies, and demo staff."""

from django.contrib.auth.models import Group

from . import roles
from .models import OrgUnit, User

UNITS = [
    # code, abbreviation, Finnish, Swedish, English, kind, parent code
    (
        "kanslia",
        "KANSLIA",
        "Kaupunginkanslia",
        "Stadskansliet",
        "City Executive Office",
        "executive_office",
        None,
    ),
    (
        "strategia",
        "STRA",
        "Strategiaosasto",
        "Strategiavdelningen",
        "Strategy Department",
        "department",
        "kanslia",
    ),
    (
        "elinkeino",
        "ELO",
        "Elinkeino-osasto",
        "Näringslivsavdelningen",
        "Economic Development Department",
        "department",
        "kanslia",
    ),
    (
        "viestinta",
        "VIO",
        "Viestintäosasto",
        "Kommunikationsavdelningen",
        "Communications Department",
        "department",
        "kanslia",
    ),
    (
        "kasko",
        "KASKO",
        "Kasvatuksen ja koulutuksen toimiala",
        "Fostrans- och utbildningssektorn",
        "Education Division",
        "division",
        None,
    ),
    (
        "kymp",
        "KYMP",
        "Kaupunkiympäristön toimiala",
        "Stadsmiljösektorn",
        "Urban Environment Division",
        "division",
        None,
    ),
    (
        "kuva",
        "KUVA",
        "Kulttuurin ja vapaa-ajan toimiala",
        "Kultur- och fritidssektorn",
        "Culture and Leisure Division",
        "division",
        None,
    ),
    (
        "sote",
        "SOTE",
        "Sosiaali-, terveys- ja pelastustoimiala",
        "Social-, hälsovårds- och räddningssektorn",
        "Social Services, Health Care and Rescue Services Division",
        "division",
        None,
    ),
    (
        "helsinki-partners",
        "HP",
        "Helsinki Partners Oy",
        "Helsinki Partners Ab",
        "Helsinki Partners Ltd",
        "company",
        None,
    ),
    (
        "forum-virium",
        "FVH",
        "Forum Virium Helsinki Oy",
        "Forum Virium Helsinki Ab",
        "Forum Virium Helsinki Ltd",
        "company",
        None,
    ),
]

# username, first name, last name, unit code, language, groups, may use the admin
PEOPLE = [
    (
        "strategy",
        "Elina",
        "Laaksonen",
        "strategia",
        "fi",
        [roles.INTERNATIONAL_AFFAIRS, roles.COORDINATION_GROUP],
        True,
    ),
    ("coordinator", "Mikko", "Heinonen", "elinkeino", "fi", [roles.COORDINATION_GROUP], False),
    ("majorevents", "Hanna", "Rantanen", "elinkeino", "fi", [roles.MAJOR_EVENTS_GROUP], False),
    ("culture", "Aino", "Korhonen", "kuva", "sv", [], False),
    ("urban", "Ville", "Nieminen", "kymp", "en", [], False),
    ("laura.makinen", "Laura", "Mäkinen", "sote", "fi", [], False),
    ("jukka.lehtonen", "Jukka", "Lehtonen", "kasko", "fi", [], False),
    ("sofia.andersson", "Sofia", "Andersson", "helsinki-partners", "sv", [], False),
    ("tuomas.salo", "Tuomas", "Salo", "forum-virium", "fi", [], False),
]

# Someone who has left the city: the dashboard shows their records as needing a new responsible person.
FORMER_STAFF = [("matti.virtanen", "Matti", "Virtanen", "strategia", "fi")]

DEMO_ACCOUNTS = ["strategy", "coordinator", "majorevents", "culture", "urban"]
DEMO_PASSWORD = "demo"  # nosec B105 # documented; seed_demo sets it only with DEBUG on


def load_units() -> None:
    for code, abbreviation, name_fi, name_sv, name_en, kind, parent in UNITS:
        OrgUnit.objects.get_or_create(
            code=code,
            defaults={
                "abbreviation": abbreviation,
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "kind": kind,
                "parent": OrgUnit.objects.get(code=parent) if parent else None,
                "contact_email": f"international.{code}@example.com",
            },
        )


def load_groups() -> None:
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def load_people() -> None:
    people = [(*person, True) for person in PEOPLE]
    people += [(*person, [], False, False) for person in FORMER_STAFF]
    for username, first_name, last_name, unit, language, groups, is_staff, is_active in people:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.com",
                "language": language,
                "is_staff": is_staff,
                "is_active": is_active,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.units.set([OrgUnit.objects.get(code=unit)])
            user.groups.set(Group.objects.filter(name__in=groups))


def enable_demo_accounts() -> list[str]:
    """Gives the demo accounts the password `demo`, unless someone has set one already."""
    enabled = []
    for user in User.objects.filter(username__in=DEMO_ACCOUNTS):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        enabled.append(user.username)
    return enabled


def load() -> None:
    load_units()
    load_groups()
    load_people()
