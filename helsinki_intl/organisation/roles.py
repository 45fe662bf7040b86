"""The portal-wide roles, kept as Django groups so that the admin can assign them.

The names are stable keys: code looks groups up by them, people see them in the admin.
"""

INTERNATIONAL_AFFAIRS = "international-affairs"
"""The Strategy Department's international affairs team: manages everything."""

COORDINATION_GROUP = "coordination-group"
"""The international coordination group: reviews records and records decisions."""

MAJOR_EVENTS_GROUP = "major-events-group"
"""The major-events coordination group: decides the city's bids for major events."""

ALL = (INTERNATIONAL_AFFAIRS, COORDINATION_GROUP, MAJOR_EVENTS_GROUP)
