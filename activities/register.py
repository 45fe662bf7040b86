from django.utils.translation import pgettext_lazy

from helsinki_intl.links.relations import SERVES, LinkKind
from helsinki_intl.records.registers import MenuEntry, Register, registers

from . import demo, load_data
from .calendar import activity_entries
from .reminders import REPORT_DUE
from .summary import SUMMARY
from .trail import TRAIL

registers.register(
    Register(
        "activities",
        menu=(
            MenuEntry(
                pgettext_lazy("menu", "Activities"), "activities:activity-list", section="/activities/"
            ),
        ),
        unit_owned=("activity",),
        portfolio_list="activities:activity-list",
        demo=demo.load,
        load_data=load_data.LOAD_DATA,
        calendar_dates=activity_entries,
        reminders=(REPORT_DUE,),
        summary=SUMMARY,
        trail=TRAIL,
        links=(
            LinkKind(
                "activities.activity",
                SERVES,
                ("networks.membership", "partnerships.partner", "eu_projects.application", "events.eventbid"),
            ),
        ),
    )
)
