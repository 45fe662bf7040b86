from django.utils.translation import gettext_lazy as _

from helsinki_intl.links.relations import CAME_THROUGH, LinkKind
from helsinki_intl.records.registers import MenuEntry, Register, registers

from . import dashboard, demo, load_data
from .calendar import bid_decision_entries
from .lookups import EVENT_BIDS
from .models import EventBid
from .summary import SUMMARY
from .trail import TRAIL

registers.register(
    Register(
        "events",
        lookups=(EVENT_BIDS,),
        menu=(MenuEntry(_("Event bids"), "events:eventbid-list", section="/events/"),),
        unit_owned=("eventbid",),
        demo=demo.load,
        load_data=load_data.LOAD_DATA,
        portfolio_list="events:eventbid-list",
        dashboard_panels=dashboard.PANELS,
        calendar_dates=bid_decision_entries,
        summary=SUMMARY,
        trail=TRAIL,
        links=(LinkKind("events.eventbid", CAME_THROUGH, ("networks.membership", "partnerships.partner")),),
        in_country=EventBid.objects.in_country,
    )
)
