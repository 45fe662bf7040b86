"""Finding and deleting what the generator made, with its history, and nothing else.

Hundreds of thousands of rows are deleted with one statement per table: `QuerySet.delete()`
would load every row to send the delete signals (and write a "deleted" history row for each).
The dependants are deleted first, so the database's foreign keys stay the check that nothing
outside the generated data still points at it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from eu_projects.models import Application, ApplicationStatusChange, Call, CoFinancingAppropriation, Programme
from events.models import EventBid, EventBidStatusChange
from helsinki_intl.coordination.models import CalendarFeed, Reminder
from helsinki_intl.organisation.models import OrgUnit, User
from networks.models import (
    Membership,
    MembershipGoal,
    MembershipGoalOutcome,
    MembershipReview,
    Network,
    PriorityNetwork,
    Role,
)
from partnerships.models import (
    Contact,
    Partner,
    Partnership,
    PartnershipGoal,
    PartnershipGoalOutcome,
    PartnershipReview,
    PartnershipStatusChange,
)

from . import bulk, marks


def is_present() -> bool:
    return (
        OrgUnit.objects.filter(code__startswith=marks.UNIT_CODE_PREFIX).exists()
        or User.objects.filter(username__startswith=marks.USERNAME_PREFIX).exists()
        or Programme.objects.filter(name__startswith=marks.NAME_PREFIX).exists()
        or CoFinancingAppropriation.objects.filter(notes=marks.APPROPRIATION_NOTE).exists()
    )


def delete_generated() -> None:
    units = OrgUnit.objects.filter(code__startswith=marks.UNIT_CODE_PREFIX)
    people = User.objects.filter(username__startswith=marks.USERNAME_PREFIX)
    owned = Q(owner_unit__in=units)
    networks = Network.objects.filter(owned)
    partners = Partner.objects.filter(owned)
    programmes = Programme.objects.filter(name__startswith=marks.NAME_PREFIX)
    calls = Call.objects.filter(owned | Q(programme__in=programmes))

    memberships = Membership.objects.filter(owned | Q(network__in=networks))
    _purge(MembershipGoalOutcome, Q(review__membership__in=memberships))
    for model in (MembershipReview, MembershipGoal, Role):
        _purge(model, Q(membership__in=memberships))
    _purge(Membership, owned | Q(network__in=networks))
    _purge(PriorityNetwork, Q(network__in=networks))
    _purge(Network, owned)

    partnerships = Partnership.objects.filter(owned | Q(partner__in=partners))
    _purge(PartnershipGoalOutcome, Q(review__partnership__in=partnerships))
    for model in (PartnershipReview, PartnershipGoal, Contact, PartnershipStatusChange):
        _purge(model, Q(partnership__in=partnerships))
    _purge(Partnership, owned | Q(partner__in=partners))
    _purge(Partner, owned)

    applications = Application.objects.filter(owned | Q(call__in=calls))
    _purge(ApplicationStatusChange, Q(application__in=applications))
    _purge(Application, owned | Q(call__in=calls))
    # An appropriation made for a year that other applications have come to use stays.
    years_in_use = Application.objects.filter(cofinancing_year__isnull=False).values("cofinancing_year")
    _purge(CoFinancingAppropriation, Q(notes=marks.APPROPRIATION_NOTE) & ~Q(year__in=years_in_use))
    _purge(Call, owned | Q(programme__in=programmes))
    _purge(Programme, Q(name__startswith=marks.NAME_PREFIX))

    _purge(EventBidStatusChange, Q(bid__in=EventBid.objects.filter(owned)))
    _purge(EventBid, owned)
    _purge(CalendarFeed, Q(user__in=people))
    _purge(User, Q(username__startswith=marks.USERNAME_PREFIX))
    # Links from records that stay to generated units (a participating unit, a member).
    _raw_delete(Membership.participating_units.through.objects.filter(orgunit__in=units))
    _raw_delete(User.units.through.objects.filter(orgunit__in=units))
    _purge(OrgUnit, Q(code__startswith=marks.UNIT_CODE_PREFIX))


def _purge(model: type[models.Model], condition: Q) -> None:
    """Deletes the rows that meet `condition`, their reminders, many-to-many links and history."""
    rows = model.objects.filter(condition)
    Reminder.objects.filter(
        record_type=ContentType.objects.get_for_model(model), record_id__in=rows.values("pk")
    ).delete()
    history_model = bulk.history_model(model)
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        if history_model is not None and hasattr(history_model, field.name):
            link_history = getattr(history_model, field.name).model
            _raw_delete(link_history.objects.filter(history__in=history_model.objects.filter(condition)))
        _raw_delete(through.objects.filter(**{f"{field.m2m_field_name()}__in": rows}))
    if history_model is not None:
        _raw_delete(history_model.objects.filter(condition))
    _raw_delete(rows)


def _raw_delete(queryset: models.QuerySet) -> None:
    # One DELETE statement, without loading the rows or sending signals.
    queryset._raw_delete(queryset.db)
