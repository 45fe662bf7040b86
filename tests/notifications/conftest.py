# The loopback SMTP server and a Redis of the test's own, shared with the reminders' worker tests.
from tests.coordination.test_reminder_worker import mailbox, own_redis  # noqa: F401
