"""Deterministic, realistic call logs for the demo and the tests: an online store's inbound line for a week.

Arrivals follow the online-store profile of ``workload`` (evening peak), waits and abandons depend on the
vendor's quality, talk times are log-normal, and some callers call again. Output is written in the formats
real systems produce (Asterisk queue_log, a cabinet CSV export), so the demo exercises the real importers.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from callscout.model.common import WEEKDAYS
from callscout.workload import _HOURLY_PRESETS, _WEEKDAY_PRESETS


@dataclass(frozen=True)
class Quality:
    """How a vendor performs: mean wait of answered calls, patience of callers, and habits."""

    mean_wait_s: float
    abandon_share: float
    mean_talk_s: float
    acw_s: float
    callback_share: float
    agents: tuple[str, ...]


GOOD = Quality(
    mean_wait_s=7,
    abandon_share=0.025,
    mean_talk_s=150,
    acw_s=20,
    callback_share=0.8,
    agents=("Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов"),
)
POOR = Quality(
    mean_wait_s=38,
    abandon_share=0.14,
    mean_talk_s=185,
    acw_s=35,
    callback_share=0.1,
    agents=("agent01", "agent02", "agent03", "agent04"),
)


@dataclass
class SyntheticCall:
    call_id: str
    caller: str
    arrival: datetime
    wait_s: int
    answered: bool
    talk_s: int
    acw_s: int
    agent: str | None
    outbound: bool = False


def generate(
    quality: Quality, start: datetime, days: int = 7, calls_per_day: int = 180, seed: int = 1
) -> list[SyntheticCall]:
    rng = random.Random(seed)
    hourly = _HOURLY_PRESETS["online_store"]
    weekday = _WEEKDAY_PRESETS["online_store"]
    callers = [f"79{rng.randrange(10**8, 10**9)}" for _ in range(int(calls_per_day * days * 0.8))]
    calls: list[SyntheticCall] = []
    serial = 0
    for day in range(days):
        base = start + timedelta(days=day)
        weight = weekday[WEEKDAYS[base.weekday()]]
        for hour, share in enumerate(hourly):
            expected = calls_per_day * weight * share / sum(hourly)
            count = _poisson(rng, expected)
            for _ in range(count):
                serial += 1
                arrival = base + timedelta(hours=hour, seconds=rng.randrange(3600))
                # Busy evening hours wait longer; a poor vendor's queue degrades more at the peak.
                load = share / max(hourly)
                mean_wait = quality.mean_wait_s * (0.5 + 1.5 * load)
                abandoned = rng.random() < quality.abandon_share * (0.5 + 1.5 * load)
                wait = int(rng.expovariate(1 / mean_wait)) if mean_wait else 0
                if abandoned:
                    wait = max(1, int(wait * rng.uniform(0.4, 1.6)))
                talk = 0 if abandoned else max(15, int(rng.lognormvariate(math.log(quality.mean_talk_s) - 0.18, 0.6)))
                caller = rng.choice(callers)
                calls.append(
                    SyntheticCall(
                        call_id=f"{_epoch(arrival)}.{serial}",
                        caller=caller,
                        arrival=arrival,
                        wait_s=wait,
                        answered=not abandoned,
                        talk_s=talk,
                        acw_s=0 if abandoned else int(rng.uniform(0.5, 1.5) * quality.acw_s),
                        agent=None if abandoned else rng.choice(quality.agents),
                    )
                )
                if abandoned and rng.random() < quality.callback_share:
                    serial += 1
                    called_at = arrival + timedelta(seconds=wait + rng.randrange(120, 1800))
                    calls.append(
                        SyntheticCall(
                            call_id=f"{_epoch(called_at)}.{serial}",
                            caller=caller,
                            arrival=called_at,
                            wait_s=0,
                            answered=rng.random() < 0.75,
                            talk_s=int(rng.uniform(40, 200)),
                            acw_s=10,
                            agent=rng.choice(quality.agents),
                            outbound=True,
                        )
                    )
    calls.sort(key=lambda call: call.arrival)
    return calls


def _epoch(moment: datetime) -> int:
    # Logs carry the call center's wall-clock time; DuckDB reads epochs back as naive UTC, so encode as UTC.
    return calendar.timegm(moment.timetuple())


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; means here are small (tens per hour).
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def queue_log(calls: list[SyntheticCall], queue: str = "shop") -> str:
    """Asterisk queue_log lines (inbound calls only: queue_log has no outbound calls)."""
    lines: list[tuple[int, str]] = []
    for call in calls:
        if call.outbound:
            continue
        enter = _epoch(call.arrival)
        lines.append((enter, f"{enter}|{call.call_id}|{queue}|NONE|ENTERQUEUE||{call.caller}|1"))
        if call.answered:
            connect = enter + call.wait_s
            agent = f"SIP/{call.agent}"
            lines.append((connect, f"{connect}|{call.call_id}|{queue}|{agent}|CONNECT|{call.wait_s}|{call.call_id}|2"))
            end = connect + call.talk_s
            event = "COMPLETECALLER" if call.talk_s % 3 else "COMPLETEAGENT"
            lines.append((end, f"{end}|{call.call_id}|{queue}|{agent}|{event}|{call.wait_s}|{call.talk_s}|1"))
        else:
            end = enter + call.wait_s
            lines.append((end, f"{end}|{call.call_id}|{queue}|NONE|ABANDON|1|1|{call.wait_s}"))
    lines.sort(key=lambda item: item[0])
    return "".join(line + "\n" for _at, line in lines)


CABINET_HEADER = (
    "ID звонка",
    "Дата и время",
    "Направление",
    "Номер клиента",
    "Статус",
    "Время ожидания",
    "Длительность разговора",
    "Постобработка",
    "Оператор",
    "Запись",
)


def cabinet_csv(calls: list[SyntheticCall], delimiter: str = ";") -> str:
    """A Russian cabinet export: dd.mm.yyyy dates, H:MM:SS talk, seconds wait, Russian statuses."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CABINET_HEADER)
    for call in calls:
        status = "Отвечен" if call.answered else ("Не дозвонились" if call.outbound else "Пропущен")
        talk = f"{call.talk_s // 3600}:{call.talk_s // 60 % 60:02d}:{call.talk_s % 60:02d}" if call.answered else ""
        writer.writerow(
            (
                call.call_id,
                call.arrival.strftime("%d.%m.%Y %H:%M:%S"),
                "Исходящий" if call.outbound else "Входящий",
                "+7 (" + call.caller[1:4] + ") " + call.caller[4:7] + "-" + call.caller[7:9] + "-" + call.caller[9:],
                status,
                str(call.wait_s),
                talk,
                str(call.acw_s) if call.answered else "",
                call.agent or "",
                f"rec/{call.call_id}.mp3" if call.answered else "",
            )
        )
    return buffer.getvalue()


DEMO_WEEK = datetime(2026, 11, 9)
DEMO_FILES = {
    # vendor: (file name, format, text)
    "ГолосПро": ("golospro-cabinet.csv", "generic", lambda: cabinet_csv(generate(GOOD, DEMO_WEEK, seed=11))),
    "Линия 24": ("linia24-queue_log.txt", "asterisk_queue_log", lambda: queue_log(generate(POOR, DEMO_WEEK, seed=24))),
}
