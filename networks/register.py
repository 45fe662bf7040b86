from django.utils.translation import gettext_lazy as _

from helsinki_intl.coordination.registry import reviewables
from helsinki_intl.records.registers import MenuEntry, Register, registers

from . import dashboard, demo, load_data
from .lookups import MEMBERSHIPS, NETWORKS
from .models import Membership, MembershipGoalOutcome, MembershipReview
from .reminders import ROLE_ENDING
from .summary import SUMMARY
from .trail import membership_trail

registers.register(
    Register(
        "networks",
        menu=(
            MenuEntry(_("Memberships"), "networks:membership-list"),
            MenuEntry(_("Networks"), "networks:network-list"),
        ),
        lookups=(NETWORKS, MEMBERSHIPS),
        unit_owned=("network", "membership"),
        reviews=("membershipreview",),
        managed=("prioritynetwork", "membershipgoal", "role", "membershipgoaloutcome"),
        demo=demo.load,
        load_data=load_data.LOAD_DATA,
        portfolio_list="networks:membership-list",
        dashboard_panels=dashboard.PANELS,
        reminders=(ROLE_ENDING,),
        summary=SUMMARY,
        in_country=Membership.objects.in_country,
    )
)

reviewables.register(
    Membership,
    review_model=MembershipReview,
    outcome_model=MembershipGoalOutcome,
    record_field="membership",
    title_field="network__name",
    trail=membership_trail,
)
