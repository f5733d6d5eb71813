"""Following the Asterisk Manager Interface: a stub AMI server on 127.0.0.1 (the protocol is plain text)
sends queue events, drops the connection mid-call, and the follower logs in again and goes on."""

from __future__ import annotations

import asyncio
from datetime import datetime

from callscout.live.ami import AmiStats, follow_ami_async, parse_ami_url
from callscout.live.ingest import LiveStore
from callscout.store import Store
from tests.test_live import make_vendors

FIRST = [
    {"Event": "QueueMemberAdded", "Queue": "support", "MemberName": "Иванова", "Timestamp": "1765101500.0"},
    {
        "Event": "QueueCallerJoin",
        "Queue": "support",
        "Uniqueid": "1765101600.11",
        "CallerIDNum": "79160000011",
        "Position": "1",
        "Timestamp": "1765101600.0",
    },
    {
        "Event": "AgentConnect",
        "Queue": "support",
        "Uniqueid": "1765101600.11",
        "MemberName": "Иванова",
        "HoldTime": "9",
        "Timestamp": "1765101609.0",
    },
]
SECOND = [
    {
        "Event": "AgentComplete",
        "Queue": "support",
        "Uniqueid": "1765101600.11",
        "MemberName": "Иванова",
        "HoldTime": "9",
        "TalkTime": "120",
        "Reason": "agent",
        "Timestamp": "1765101729.0",
    },
    {
        "Event": "QueueCallerJoin",
        "Queue": "support",
        "Uniqueid": "1765101800.12",
        "CallerIDNum": "79160000012",
        "Timestamp": "1765101800.0",
    },
    {
        "Event": "QueueCallerAbandon",
        "Queue": "support",
        "Uniqueid": "1765101800.12",
        "Position": "1",
        "OriginalPosition": "1",
        "HoldTime": "40",
        "Timestamp": "1765101840.0",
    },
    {"Event": "Newexten", "Channel": "SIP/100-00000001", "Timestamp": "1765101841.0"},
]


def wire(message: dict[str, str]) -> bytes:
    return ("".join(f"{key}: {value}\r\n" for key, value in message.items()) + "\r\n").encode()


class StubAmi(asyncio.Protocol):
    """Asterisk's side: a banner, a login answered by ActionID, then this connection's events; the first
    connection is dropped after its events (a network failure), the second stays open."""

    connections = 0
    logins: list[str] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        StubAmi.connections += 1
        self.number = StubAmi.connections
        self.transport = transport
        self.buffer = ""
        transport.write(b"Asterisk Call Manager/5.0.1\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data.decode()
        while "\r\n\r\n" in self.buffer:
            block, self.buffer = self.buffer.split("\r\n\r\n", 1)
            fields = dict(line.split(": ", 1) for line in block.split("\r\n") if ": " in line)
            if fields.get("Action", "").lower() == "login":
                ok = fields.get("Username") == "watch" and fields.get("Secret") == "s3cret"
                StubAmi.logins.append(fields.get("Username", ""))
                self.transport.write(
                    wire(
                        {
                            "Response": "Success" if ok else "Error",
                            "ActionID": fields["ActionID"],
                            "Message": "Authentication accepted",
                        }
                    )
                )
                for message in FIRST if self.number == 1 else SECOND:
                    self.transport.write(wire(message))
                if self.number == 1:
                    asyncio.get_running_loop().call_later(0.1, self.transport.abort)
            elif "ActionID" in fields:
                self.transport.write(wire({"Response": "Success", "ActionID": fields["ActionID"]}))


def test_ami_events_survive_a_dropped_connection(store: Store) -> None:
    (vendor,) = make_vendors(store, "Поток")
    live = LiveStore(store)

    async def scenario() -> AmiStats:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(StubAmi, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        target = parse_ami_url(f"ami://watch:s3cret@127.0.0.1:{port}")
        stop = asyncio.Event()
        stats = AmiStats()
        task = asyncio.ensure_future(follow_ami_async(live, vendor.id, target, stop, base_backoff_s=0.2, stats=stats))
        for _ in range(200):
            await asyncio.sleep(0.05)
            if len(live.events_since(0)) >= 6:
                break
        stop.set()
        await task
        server.close()
        return stats

    stats = asyncio.run(scenario())
    rows = live.events_since(0)
    assert [(row.type, row.call_id) for row in rows] == [
        ("agent_login", None),
        ("enter_queue", "1765101600.11"),
        ("answer", "1765101600.11"),
        ("hangup", "1765101600.11"),
        ("enter_queue", "1765101800.12"),
        ("abandon", "1765101800.12"),
    ]
    assert rows[3].detail == {"side": "agent"} and rows[1].caller == "79160000011"
    assert rows[1].ts == datetime(2025, 12, 7, 10, 0)
    assert StubAmi.connections == 2 and StubAmi.logins == ["watch", "watch"] and stats.logins == 2


def test_ami_address_is_checked() -> None:
    import pytest

    from callscout.errors import UsageError

    assert parse_ami_url("ami://user:p%40ss@pbx.local").port == 5038
    assert parse_ami_url("ami://user:p%40ss@pbx.local").secret == "p@ss"
    with pytest.raises(UsageError, match="ami://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ:5038"):
        parse_ami_url("http://pbx.local")
