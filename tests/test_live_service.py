"""``callscout serve``'s live round: it starts the followers named in the evaluation file, judges the
alerts on what they read, and sends the morning digest once a day."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from callscout import evalfile
from callscout.live.ingest import LiveStore
from callscout.live.service import LiveService
from callscout.store import Store


def test_a_round_follows_alerts_and_digests(store: Store, tmp_path: Path) -> None:
    log = tmp_path / "queue_log"
    moment = int(datetime.now(UTC).timestamp())
    log.write_text(f"{moment - 300}|5.1|support|NONE|ENTERQUEUE||79160000005|1\n")
    evaluation, problems = evalfile.parse_text(
        "name: Контроль линии\nneeds: {calls_per_month: 3000}\nvendors: [{name: Поток}]\n"
        "alerts:\n  notify: ['json://127.0.0.1:9/hook']\n  wait_longer_than_s: 120\n  digest_at: '00:00'\n"
        f"  followers: [{{vendor: Поток, source: '{log}'}}]\n"
    )
    assert not problems
    store.save_evaluation(evaluation)
    sent: list[tuple[tuple[str, ...], str, str]] = []

    def send(urls: tuple[str, ...], title: str, body: str) -> dict[str, Any]:
        sent.append((urls, title, body))
        return {"sent": True}

    service = LiveService(store, send=send, tick_s=3600)
    try:
        service.tick()  # starts the follower; nothing read yet, so no alert and the digest of yesterday
        deadline = time.monotonic() + 10
        while not LiveStore(store).events_since(0) and time.monotonic() < deadline:
            time.sleep(0.05)
        service.tick()
        service.tick()
    finally:
        service.stop()
    titles = [title for _urls, title, _body in sent]
    assert titles.count("Тревога: Поток") == 1
    assert sum(title.startswith("Сводка за ") for title in titles) == 1
    assert all(urls == ("json://127.0.0.1:9/hook",) for urls, _title, _body in sent)
