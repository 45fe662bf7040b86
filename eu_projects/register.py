from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.relations import CAME_THROUGH, LinkKind
from helsinki_intl.records.registers import MenuEntry, Register, registers

from . import dashboard, demo, load_data
from .calendar import call_deadline_entries
from .lookups import APPLICATIONS, CALLS
from .reminders import CALL_DEADLINE
from .summary import SUMMARY
from .trail import TRAIL

registers.register(
    Register(
        "eu_projects",
        menu=(MenuEntry(_("EU funding"), "eu_projects:application-list", section="/eu_projects/"),),
        lookups=(CALLS, APPLICATIONS),
        unit_owned=("call", "application"),
        managed=("programme", "cofinancingappropriation", "applicationstatuschange", "cofinancingchange"),
        demo=demo.load,
        load_data=load_data.LOAD_DATA,
        portfolio_list="eu_projects:application-list",
        dashboard_panels=dashboard.PANELS,
        calendar_dates=call_deadline_entries,
        reminders=(CALL_DEADLINE,),
        summary=SUMMARY,
        trail=TRAIL,
        links=(
            LinkKind(
                "eu_projects.application", CAME_THROUGH, ("networks.membership", "partnerships.partner")
            ),
        ),
    )
)
