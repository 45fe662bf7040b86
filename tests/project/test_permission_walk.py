"""Every page of the portal, as anonymous, each role and a user of another unit.

The pages come from the URL conf, so a new page fails here until the table below says who may
use it. The records belong to the Culture and Leisure Division ("culture"); "urban" is a member
of staff of another unit. A refused POST must leave the database as it was.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from eu_projects.models import Application, Call, CoFinancingAppropriation, Programme
from events.models import EventBid
from helsinki_intl.api.services import token_create
from helsinki_intl.coordination.models import CalendarFeed, ScheduledRun
from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.documents.models import Document
from helsinki_intl.heartbeat import record_worker_heartbeat
from helsinki_intl.journal.models import JournalEntry
from helsinki_intl.notifications.models import Notification
from helsinki_intl.organisation import roles
from helsinki_intl.organisation.models import OrgUnit
from helsinki_intl.outbox.services import event_record
from helsinki_intl.records.process import process_for
from helsinki_intl.saved_views.models import SavedView
from helsinki_intl.strategy.models import SDG, AdvocacyTopic, Priority, StrategyPeriod
from networks.models import Membership, Network
from partnerships.models import Partner, Partnership
from tests.activities.factories import ActivityFactory
from tests.coordination.test_reviews import review_data
from tests.documents.files import PDF
from tests.eu_projects.factories import (
    ApplicationFactory,
    CallFactory,
    CoFinancingAppropriationFactory,
    ProgrammeFactory,
)
from tests.events.factories import EventBidFactory
from tests.factories import (
    AdvocacyTopicFactory,
    MembershipFactory,
    NetworkFactory,
    PriorityFactory,
    StrategyPeriodFactory,
    UserFactory,
)
from tests.networks.test_views import posted_back
from tests.partnerships.factories import PartnerFactory, PartnershipFactory
from tests.saved_views.factories import SavedViewFactory

from .urlwalk import portal_pages

SKIPPED = {
    # The back office has its own tests (test_admin.py) and Django's own permission checks.
    "admin": "the admin",
    # Django's language switch: open to everyone by design, it changes only the visitor's cookie.
    "set_language": "the language switch",
    # Static files are served by WhiteNoise/the proxy, not by the URL conf.
}
PAGES = portal_pages(skip=SKIPPED)
PORTAL_PAGES = [page for page in PAGES if not page.name.startswith("api:")]
"""The pages a browser shows (the API answers with data, not with buttons)."""

# The roles, each with its client fixture, in the order of the table's columns.
ROLES = {
    "anonymous": "client",
    "culture": "culture_client",  # staff of the records' owner unit
    "urban": "urban_client",  # staff of another unit
    "coordinator": "coordinator_client",  # the coordination group (Economic Development Department)
    "strategy": "strategy_client",  # international affairs (and the coordination group)
}

# Outcomes: a status code, or one of these redirects.
LOGIN = "302 to sign in"
REDIRECT = "302 elsewhere"
OK, DENIED, NOT_FOUND, NOT_ALLOWED = 200, 403, 404, 405
BAD_REQUEST, UNAUTHORISED = 400, 401  # the API asks for a token (or a session) rather than sending to sign in

# fmt: off
# A register whose records a unit owns: every member of staff reads, units add, the owner unit
# and international affairs change and delete. A crafted add of the culture unit's record is
# refused by the form (owner unit not among one's own) but for culture and international affairs.
#                     anonymous  culture      urban        coordinator  strategy
UNIT_OWNED = {
    "list":    {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "add":     {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  REDIRECT,    OK,          OK,          REDIRECT)},
    "detail":  {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "edit":    {"GET":  (LOGIN,  OK,          DENIED,      DENIED,      OK),
                "POST": (LOGIN,  REDIRECT,    DENIED,      DENIED,      REDIRECT)},
    "delete":  {"GET":  (LOGIN,  OK,          DENIED,      DENIED,      OK),
                "POST": (LOGIN,  REDIRECT,    DENIED,      DENIED,      REDIRECT)},
    "history": {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
}

# Reference data of a register (programmes, appropriations): everyone reads, international
# affairs manages.
#                     anonymous  culture      urban        coordinator  strategy
MANAGED = {
    "list":    {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "add":     {"GET":  (LOGIN,  DENIED,      DENIED,      DENIED,      OK),
                "POST": (LOGIN,  DENIED,      DENIED,      DENIED,      REDIRECT)},
    "detail":  {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "edit":    {"GET":  (LOGIN,  DENIED,      DENIED,      DENIED,      OK),
                "POST": (LOGIN,  DENIED,      DENIED,      DENIED,      REDIRECT)},
    "delete":  {"GET":  (LOGIN,  DENIED,      DENIED,      DENIED,      OK),
                "POST": (LOGIN,  DENIED,      DENIED,      DENIED,      REDIRECT)},
    "history": {"GET":  (LOGIN,  OK,          OK,          OK,          OK),
                "POST": (LOGIN,  NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
}

# Pages of their own. The calendar feeds are opened with the role's own token (anonymous: an
# unknown one); the city-wide feed is for the coordination group and international affairs.
#                                        anonymous  culture      urban        coordinator  strategy
OTHER_PAGES = {
    "home":                    {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "healthz":                 {"GET":  (OK,        OK,          OK,          OK,          OK),
                                "POST": (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # The benchmark's floor exists only with BENCHMARK_MODE on (make bench).
    "benchmark-floor":         {"GET":  (NOT_FOUND, NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
                                "POST": (NOT_FOUND, NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND)},
    "login":                   {"GET":  (OK,        REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT),
                                "POST": (OK,        REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT)},
    "logout":                  {"GET":  (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (REDIRECT,  REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT)},
    "coordination:review-queue": {"GET":  (LOGIN,  DENIED,      DENIED,      OK,          OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      NOT_ALLOWED, NOT_ALLOWED)},
    "coordination:review-add": {"GET":  (LOGIN,     DENIED,      DENIED,      OK,          OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      REDIRECT,    REDIRECT)},
    "coordination:calendar":   {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT)},
    "coordination:calendar-personal": {"GET": (NOT_FOUND, OK,    OK,          OK,          OK),
                                "POST": (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "coordination:calendar-city": {"GET": (NOT_FOUND, NOT_FOUND, NOT_FOUND,   OK,          OK),
                                "POST": (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "coordination:summary":    {"GET":  (LOGIN,     DENIED,      DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      NOT_ALLOWED)},
    # A breakdown's whole table (walked with SUMMARY_BREAKDOWN): as the summary.
    "coordination:summary-breakdown": {"GET": (LOGIN, DENIED,    DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      NOT_ALLOWED)},
    # Importing the existing spreadsheets is international affairs' work; a confirm with no dry
    # run waiting goes back to the upload page.
    # Adding a goal or a role from a membership's page: as editing the membership, posted only.
    "networks:membership-goals": {"GET": (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      OK)},
    "networks:membership-roles": {"GET": (LOGIN,    NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      OK)},
    # The suggestions of a form's lookup field: for every reader of the registers.
    "lookup-owner-units":      {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-people":           {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-networks":         {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-partners":         {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-calls":            {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-memberships":      {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-applications":     {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "lookup-event-bids":       {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # An application's step, walked with the first its record's status allows (one that asks
    # nothing more of the lead unit: the post takes it).
    "eu_projects:application-step": {"GET": (LOGIN,  OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     REDIRECT,    DENIED,      DENIED,      REDIRECT)},
    "readyz":                  {"GET":  (OK,        OK,          OK,          OK,          OK),
                                "POST": (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # Where signing out ends, after the single sign-on provider when it was signed in through.
    "signed-out":              {"GET":  (OK,        OK,          OK,          OK,          OK),
                                "POST": (NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "imports":                 {"GET":  (LOGIN,     DENIED,      DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      OK)},
    "imports-confirm":         {"GET":  (LOGIN,     DENIED,      DENIED,      DENIED,      NOT_ALLOWED),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      REDIRECT)},
    # A register's import columns and its empty file to start from, walked with IMPORTED_REGISTER.
    "import-guide":            {"GET":  (LOGIN,     DENIED,      DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      NOT_ALLOWED)},
    "import-template":         {"GET":  (LOGIN,     DENIED,      DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     DENIED,      DENIED,      DENIED,      NOT_ALLOWED)},
    # A step of a record's process (walked with the step in STEPS): for those its table names;
    # the empty POST is refused by the step's form. Each process's own test walks every step.
    "events:eventbid-step":    {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      OK)},
    "networks:membership-step": {"GET": (LOGIN,     OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      OK)},
    # Walked with "confirm", which asks nothing: the empty POST takes it.
    "activities:activity-step": {"GET": (LOGIN,     OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     REDIRECT,    DENIED,      DENIED,      REDIRECT)},
    # The activities' city-wide month calendar: for every reader of the registers.
    "activities:calendar":     {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # A person's own notifications and settings. Marking one read is walked with culture's
    # notification: anyone else's is not found. Following is walked with the culture unit's
    # record; an empty settings form is refused at its fields.
    "notifications:list":      {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "notifications:read":      {"GET":  (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     REDIRECT,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND)},
    "notifications:read-all":  {"GET":  (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT)},
    "notifications:settings":  {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     OK,          OK,          OK,          OK)},
    "notifications:follow":    {"GET":  (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     REDIRECT,    REDIRECT,    REDIRECT,    REDIRECT)},
    # The e-mails' unsubscribe link, walked with a token no one was given: the signed token is the
    # only credential (tests/notifications).
    "notifications:unsubscribe": {"GET": (NOT_FOUND, NOT_FOUND,  NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
                                "POST": (NOT_FOUND, NOT_FOUND,   NOT_FOUND,   NOT_FOUND,   NOT_FOUND)},
    # Saved views (walked with the culture person's view, shared with the coordination group): each
    # person's page of their own and shared views; saving one is posted from a list (the empty
    # POST comes back with the form's errors); only the owner edits and deletes a view, those it is
    # shared with see its history.
    "saved_views:index":       {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "saved_views:create":      {"GET":  (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
                                "POST": (LOGIN,     OK,          OK,          OK,          OK)},
    "saved_views:edit":        {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      DENIED),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      DENIED)},
    "saved_views:delete":      {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      DENIED),
                                "POST": (LOGIN,     REDIRECT,    DENIED,      DENIED,      DENIED)},
    "saved_views:history":     {"GET":  (LOGIN,     OK,          DENIED,      OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # A record's documents (walked with the culture unit's network, ATTACHED_TO): the owner unit
    # and international affairs attach and delete them (an empty POST comes back with the form's
    # error); every reader downloads them.
    "documents:add":           {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      OK)},
    "documents:download":      {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "documents:delete":        {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      OK),
                                "POST": (LOGIN,     REDIRECT,    DENIED,      DENIED,      REDIRECT)},
    # A record's journal: every reader writes in it (an empty POST comes back with the form's
    # errors); only the entry's author ("culture", walked within its fifteen minutes) corrects or
    # deletes it, international affairs included.
    "journal:add":             {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     OK,          OK,          OK,          OK)},
    "journal:edit":            {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      DENIED),
                                "POST": (LOGIN,     OK,          DENIED,      DENIED,      DENIED)},
    "journal:delete":          {"GET":  (LOGIN,     OK,          DENIED,      DENIED,      DENIED),
                                "POST": (LOGIN,     REDIRECT,    DENIED,      DENIED,      DENIED)},
}

# The read-only API's pages of its own.
#                                        anonymous      culture      urban        coordinator  strategy
API_PAGES = {
    "api:schema":              {"GET":  (UNAUTHORISED, OK,        OK,          OK,          OK),
                                "POST": (UNAUTHORISED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    "api:docs":                {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)},
    # A person's own tokens: the walk's crafted POST is an empty form, refused as such.
    "api_tokens:list":         {"GET":  (LOGIN,     OK,          OK,          OK,          OK),
                                "POST": (LOGIN,     BAD_REQUEST, BAD_REQUEST, BAD_REQUEST, BAD_REQUEST)},
    "api_tokens:revoke":       {"GET":  (LOGIN,     OK,          NOT_FOUND,   NOT_FOUND,   NOT_FOUND),
                                "POST": (LOGIN,     REDIRECT,    NOT_FOUND,   NOT_FOUND,   NOT_FOUND)},
}
# Reference data that no portal page lists (units, priorities, SDGs...): every member of staff reads.
REFERENCE_DATA_READ = (LOGIN, OK, OK, OK, OK)
# fmt: on


def _register_pages(prefix: str, kind: dict) -> dict:
    return {f"{prefix}-{view}": expected for view, expected in kind.items()}


PORTAL_EXPECTED = {
    **_register_pages("networks:network", UNIT_OWNED),
    **_register_pages("networks:membership", UNIT_OWNED),
    **_register_pages("partnerships:partner", UNIT_OWNED),
    **_register_pages("partnerships:partnership", UNIT_OWNED),
    **_register_pages("eu_projects:call", UNIT_OWNED),
    **_register_pages("eu_projects:application", UNIT_OWNED),
    **_register_pages("events:eventbid", UNIT_OWNED),
    **_register_pages("activities:activity", UNIT_OWNED),
    **_register_pages("eu_projects:programme", MANAGED),
    **_register_pages("eu_projects:cofinancingappropriation", MANAGED),
    **OTHER_PAGES,
}


def _through_the_api(outcome):
    """What the API answers where the portal answers `outcome`: a token asked for, not a sign-in page."""
    return UNAUTHORISED if outcome == LOGIN else outcome


def _api_pages() -> dict:
    """Each endpoint's list and record answer a role as the portal's list and record pages of
    the same records do: what a role may not read through the portal, it cannot read through
    the API. Nobody writes through the API."""
    from helsinki_intl.api.endpoints import endpoints

    pages = {}
    for endpoint in endpoints():
        opts = endpoint.model._meta
        for view in ("list", "detail"):
            portal_page = PORTAL_EXPECTED.get(f"{opts.app_label}:{opts.model_name}-{view}")
            read = portal_page["GET"] if portal_page else REFERENCE_DATA_READ
            pages[f"api:{endpoint.basename}-{view}"] = {
                "GET": tuple(_through_the_api(outcome) for outcome in read),
                "POST": (UNAUTHORISED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
            }
    return pages


EXPECTED = {**PORTAL_EXPECTED, **_api_pages(), **API_PAGES}


def expected(page_name: str, method: str, role: str):
    if page_name not in EXPECTED:
        pytest.fail(f"{page_name}: a new page; say in EXPECTED who may use it")
    return EXPECTED[page_name][method][list(ROLES).index(role)]


# The records: one of each type, owned by the culture unit -------------------------------------

RECORDS = {
    Network: lambda unit: NetworkFactory(owner_unit=unit),
    Membership: lambda unit: MembershipFactory(active=True, owner_unit=unit, network__owner_unit=unit),
    Partner: lambda unit: PartnerFactory(owner_unit=unit),
    Partnership: lambda unit: PartnershipFactory(active=True, owner_unit=unit, partner__owner_unit=unit),
    Programme: lambda unit: ProgrammeFactory(),
    Call: lambda unit: CallFactory(owner_unit=unit),
    Application: lambda unit: ApplicationFactory(owner_unit=unit, call__owner_unit=unit),
    CoFinancingAppropriation: lambda unit: CoFinancingAppropriationFactory(),
    EventBid: lambda unit: EventBidFactory(owner_unit=unit),
    OrgUnit: lambda unit: unit,
    StrategyPeriod: lambda unit: StrategyPeriodFactory(),
    Priority: lambda unit: PriorityFactory(),
    SDG: lambda unit: SDG.objects.get(number=11),
    AdvocacyTopic: lambda unit: AdvocacyTopicFactory(),
    Activity: lambda unit: ActivityFactory(owner_unit=unit),
    Document: lambda unit: walked_document(record_of(Network, unit)),
    JournalEntry: lambda unit: JournalEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Network),
        object_id=record_of(Network, unit).pk,
        text="Called the secretariat.",
        author=UserFactory(username="culture", units=[unit]),
    ),
    SavedView: lambda unit: SavedViewFactory(
        owner=UserFactory(username="culture", units=[unit]),
        shared_with_group=Group.objects.get_or_create(name=roles.COORDINATION_GROUP)[0],
    ),
}
REVIEWED_TYPE = "membership"  # the record type the review form is walked with
ATTACHED_TO = Network  # the record type whose documents and journal are walked
# The step each process's step page is walked with: one of the owner unit's, open in the status
# of the record in RECORDS.
STEPS = {
    "events:eventbid-step": "submit",
    "networks:membership-step": "propose_ending",
    "activities:activity-step": "confirm",
}
UNKNOWN_TOKEN = "an-unknown-token"  # nosec B105 # not a secret


def walked_document(record) -> Document:
    document = Document(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        name="minutes.pdf",
        media_type="application/pdf",
        size=len(PDF),
    )
    document.file.save(document.name, ContentFile(PDF))
    return document


def culture_notification(unit):
    """A notification of the culture user's, of a change to one of the unit's records."""
    record = record_of(Network, unit)
    event = event_record(kind="changed", record=record, by=None)
    return Notification.objects.create(user=UserFactory(username="culture", units=[unit]), event=event)


def culture_api_token(unit):
    culture = UserFactory(username="culture", units=[unit])
    return token_create(
        user=culture, name="Excel", expires_at=timezone.now() + timedelta(days=30), by=culture
    )[0]


def record_of(model, unit):
    if model not in RECORDS:
        pytest.fail(f"{model.__name__}: no record for the walk; add one to RECORDS")
    return RECORDS[model](unit)


IMPORTED_REGISTER = "memberships"
SUMMARY_BREAKDOWN = "by-sdg"  # the summary's breakdown whose whole table is walked: the longest


def arguments_for(page, *, unit, user) -> tuple[dict, object]:
    """The page's URL arguments filled from the fixture data, and the record they name (if any)."""
    # An API endpoint's viewset names its model too.
    model = page.model or getattr(getattr(page.view, "cls", None), "model", None)
    if "type_key" in page.arguments:
        model = reviewables.get(REVIEWED_TYPE).model
    if "record_type" in page.arguments:
        model = ATTACHED_TO
    if page.name == "notifications:read":
        return {"pk": culture_notification(unit).pk}, None
    if page.name == "api_tokens:revoke":
        return {"pk": culture_api_token(unit).pk}, None
    record = record_of(model, unit) if "pk" in page.arguments else None
    values = {}
    for argument in page.arguments:
        if argument == "pk" and record is not None:
            values["pk"] = record.pk
        elif argument == "type_key":
            values["type_key"] = REVIEWED_TYPE
        elif argument == "record_type":
            values["record_type"] = ATTACHED_TO._meta.label_lower
        elif argument == "step":
            values["step"] = STEPS.get(page.name) or process_for(model).open_steps(record)[0].name
        elif argument == "token" and page.name == "notifications:unsubscribe":
            values["token"] = UNKNOWN_TOKEN
        elif argument == "token":
            values["token"] = CalendarFeed.issue(user)[1] if user else UNKNOWN_TOKEN
        elif argument == "resource":
            values["resource"] = IMPORTED_REGISTER
        elif argument == "breakdown":
            values["breakdown"] = SUMMARY_BREAKDOWN
        elif argument == "format":
            values["format"] = "xlsx"
        else:
            pytest.fail(f"{page.name} ({page.route}): the walk cannot fill {argument!r}; teach it")
    return values, record


# What a crafted POST sends: a complete, valid form where there is one, so that a refusal is
# the permission's and not the form's.


def crafted_post(page, record, *, unit, editor_client) -> dict:
    view = page.name.rsplit("-", 1)[-1]
    if page.name == "coordination:review-add":
        return review_data(record)
    if page.name == "coordination:calendar":
        return {"action": "create"}
    if page.name == "notifications:follow":
        return {"target_type": "networks.network", "target": record_of(Network, unit).pk, "following": "on"}
    if view == "edit":
        return posted_back(editor_client().get(reverse(page.name, args=[record.pk])))
    if view == "add" and page.model is not None:
        return new_record_data(page, unit=unit, editor_client=editor_client())
    return {}


def new_record_data(page, *, unit, editor_client) -> dict:
    """A valid add form: another record's edit form, posted once that record is gone."""
    template = record_of(page.model, unit)
    data = posted_back(editor_client.get(reverse(page.name.replace("-add", "-edit"), args=[template.pk])))
    template_pk = str(template.pk)
    template.delete()
    prefixes = [key.removesuffix("-TOTAL_FORMS") for key in data if key.endswith("-TOTAL_FORMS")]
    for prefix in prefixes:
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        # The rows' own ids and their link to the deleted record.
        for key in [key for key in data if key.startswith(f"{prefix}-") and key[len(prefix) + 1].isdigit()]:
            if key.endswith("-id") or data[key] == template_pk:
                del data[key]
    return data


PORTAL_APPS = (
    "organisation",
    "strategy",
    "networks",
    "partnerships",
    "eu_projects",
    "events",
    "activities",
    "coordination",
    "notifications",
    "saved_views",
    "api",
    "documents",
    "journal",
)


def database_state() -> dict:
    """Every row of the portal's own models (with their history), fetched afresh."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
    }


def assert_outcome(response, outcome, path: str) -> None:
    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={quote(path)}"
    elif outcome == REDIRECT:
        assert response.status_code == 302
        assert not response["Location"].startswith(f"{reverse('login')}?next=")
    else:
        assert response.status_code == outcome


# The walk ---------------------------------------------------------------------------------------


def test_the_table_covers_exactly_the_portal_pages():
    walked = {page.name for page in PAGES}

    assert sorted(walked - set(EXPECTED)) == [], "pages without expectations"
    assert sorted(set(EXPECTED) - walked) == [], "expectations of pages that no longer exist"


@pytest.fixture
def walk(request, culture_unit):
    """Opens a page as a role: (response, database before, database after)."""

    def visit(page, role: str, method: str):
        client = request.getfixturevalue(ROLES[role])
        user = request.getfixturevalue(f"{role}_user") if role != "anonymous" else None
        kwargs, record = arguments_for(page, unit=culture_unit, user=user)
        path = reverse(page.name, kwargs=kwargs)
        if page.name == "readyz":
            # Where a broker is configured (as in CI), the check also asks for a worker's
            # heartbeat and the day's sweep: the walk opens it on a portal where both are there.
            record_worker_heartbeat()
            ScheduledRun.objects.record(ScheduledRun.REMINDER_SWEEP)
        if method == "GET":
            return client.get(path), path, None, None
        data = crafted_post(
            page, record, unit=culture_unit, editor_client=lambda: request.getfixturevalue("strategy_client")
        )
        if expected(page.name, "POST", role) == REDIRECT:  # the POST goes through: no need to compare
            return client.post(path, data), path, None, None
        before = database_state()
        response = client.post(path, data)
        return response, path, before, database_state()

    return visit


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_get(walk, page, role):
    outcome = expected(page.name, "GET", role)

    response, path, _before, _after = walk(page, role, "GET")

    assert_outcome(response, outcome, path)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_post(walk, page, role):
    outcome = expected(page.name, "POST", role)

    response, path, before, after = walk(page, role, "POST")

    assert_outcome(response, outcome, path)
    if outcome != REDIRECT:
        assert after == before, "a refused POST changed the database"


# Buttons: a page links to another exactly when the table lets the role use it -------------------

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def links(html: str, hrefs: dict[str, str], role: str) -> dict[str, bool]:
    """For each page name, whether the page's HTML links to it; compared with what the role may open."""
    return {name: f'href="{href}"' in html for name, href in hrefs.items()}


def may_open(names, role: str) -> dict[str, bool]:
    return {name: expected(name, "GET", role) == OK for name in names}


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("page", [page for page in PORTAL_PAGES if page.name.endswith("-detail")], ids=str)
def test_detail_page_shows_only_the_buttons_the_role_may_use(request, culture_unit, page, role):
    record = record_of(page.model, culture_unit)
    prefix = page.name.removesuffix("-detail")
    hrefs = {f"{prefix}-{view}": reverse(f"{prefix}-{view}", args=[record.pk]) for view in RECORD_BUTTONS}
    if record._meta.model_name in {reviewable.key for reviewable in reviewables}:
        hrefs["coordination:review-add"] = reviewables.for_model(type(record)).review_url(record)

    response = request.getfixturevalue(ROLES[role]).get(reverse(page.name, args=[record.pk]))

    assert response.status_code == OK
    assert links(response.content.decode(), hrefs, role) == may_open(hrefs, role)


RECORD_BUTTONS = ("edit", "delete", "history")


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("page", [page for page in PORTAL_PAGES if page.name.endswith("-list")], ids=str)
def test_list_page_offers_add_only_to_those_who_may_add(request, page, role):
    add = page.name.replace("-list", "-add")
    hrefs = {add: reverse(add)}

    response = request.getfixturevalue(ROLES[role]).get(reverse(page.name))

    assert response.status_code == OK
    assert links(response.content.decode(), hrefs, role) == may_open(hrefs, role)


@pytest.mark.parametrize("role", SIGNED_IN)
def test_navigation_offers_reviews_reports_and_imports_only_to_those_who_may_open_them(request, role):
    hrefs = {name: reverse(name) for name in ("coordination:review-queue", "coordination:summary", "imports")}

    response = request.getfixturevalue(ROLES[role]).get(reverse("home"))

    assert links(response.content.decode(), hrefs, role) == may_open(hrefs, role)
