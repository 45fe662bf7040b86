"""A real SMTP server on loopback that keeps what it receives, for the reminder tests."""

import asyncio
import contextlib
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from tests.project.processes import free_port


class Mailbox:
    """aiosmtpd handler: accepts mail, refuses chosen recipients, can hold a message back."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse_once: set[str] = set()
        self.refuse_always: set[str] = set()
        self.hold_next = False
        self.holding = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_always:
            return "550 5.1.1 No such user"
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_next:
            # Keep the client waiting for our answer: the message is not accepted until we answer.
            self.hold_next = False
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 4.3.0 Aborted"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted"

    def received(self) -> list[email.message.EmailMessage]:
        with self._lock:
            return list(self.messages)

    def recipients(self) -> list[str]:
        return sorted(message["To"] for message in self.received())


@contextlib.contextmanager
def smtp_server():
    """(mailbox, port) of a server running while the block runs."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        mailbox.release.set()
        controller.stop()
