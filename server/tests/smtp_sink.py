#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd), on loopback.

Every message it accepts is written to DIR as NNNNNN.eml (the raw message) and NNNNNN.json
(envelope, headers and the decoded text and HTML parts), so that tests in any language can
read what was delivered. Recipients whose address starts with "bounce" are refused for good
(550); those starting with "later" are refused for now (451).

    python3 smtp_sink.py --dir DIR [--port PORT]     prints "listening on PORT" when ready
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("later"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {k: str(v) for k, v in msg.items()},
            "subject": str(msg.get("subject", "")),
            "text": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
        }
        base = os.path.join(self.directory, f"{self.count:06d}")
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        # Written last and renamed into place: a reader never sees half a record.
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        import socket

        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on {port}", flush=True)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
