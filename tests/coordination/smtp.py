"""A real SMTP server on loopback that keeps what it receives, for the reminder tests."""

import asyncio
import contextlib
import email
import email.policy
import threading

from aiosmtpd.controller import Controller

from tests.project.processes import on_a_free_port


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


def started(mailbox: Mailbox, port: int) -> Controller:
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    try:
        controller.start()
    except OSError:
        controller.loop.close()  # the failed bind left the server's thread and loop unused
        raise
    return controller


@contextlib.contextmanager
def smtp_server():
    """(mailbox, port) of a server running while the block runs, on a port no one else took."""
    mailbox = Mailbox()
    controller = on_a_free_port(lambda port: started(mailbox, port))
    try:
        yield mailbox, controller.port
    finally:
        mailbox.release.set()
        controller.stop()
