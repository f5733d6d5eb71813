"""How tests/data/calls/cabinet_topics_*.csv and shop_orders_march.csv were made (run from the checkout root).

A call-tracking cabinet's CSV export of an online store's line as two vendors would send it: semicolons, a BOM,
CRLF, dd.mm.yyyy dates, H:MM:SS talk times, «Тематика», «Результат звонка», «Оценка разговора», NPS,
«Виртуальный номер» and utm_source; missed calls carry the topic chosen in the voice menu for most of them.
The tests work their expected numbers out of the files themselves, not out of this script.
"""

# ruff: noqa
import datetime as dt
import random

random.seed(21)
topics = [
    ("Статус заказа", 30),
    ("Возврат товара", 14),
    ("Оплата", 12),
    ("Изменение заказа", 10),
    ("Наличие товара", 16),
    ("Жалоба", 6),
    ("Доставка", 12),
]
results_ans = {
    "Статус заказа": ["Консультация", "Консультация", "Передано в доставку"],
    "Возврат товара": ["Оформлен возврат", "Консультация"],
    "Оплата": ["Консультация", "Выставлен счёт"],
    "Изменение заказа": ["Заказ изменён", "Заказ оформлен"],
    "Наличие товара": ["Заказ оформлен", "Консультация", "Заказ оформлен"],
    "Жалоба": ["Передано руководителю", "Консультация"],
    "Доставка": ["Консультация", "Заказ оформлен"],
}
lines = [
    ("+7 (495) 120-45-67", ""),
    ("8 (800) 555-35-35", ""),
    ("+7 (812) 400-11-22", ""),
    ("", "yandex"),
    ("", "avito"),
    ("", ""),
]
agents = {"Альфа": ["Иванова Мария", "Петров Олег", "Смирнова Анна"], "Бета": ["Кузнецов Илья", "Орлова Дарья"]}
start = dt.datetime(2026, 3, 2, 9, 0)
orders = []
for vendor, fname, n, loss in (
    ("Альфа", "cabinet_topics_alpha.csv", 140, 0.12),
    ("Бета", "cabinet_topics_beta.csv", 60, 0.22),
):
    rows = []
    for i in range(n):
        day = random.randrange(21)
        t = start + dt.timedelta(days=day, minutes=random.randrange(0, 12 * 60), seconds=random.randrange(60))
        topic = random.choices([x for x, _ in topics], [w for _, w in topics])[0]
        number, utm = random.choices(lines, [30, 25, 20, 10, 8, 7])[0]
        missed = random.random() < loss
        wait = random.randrange(2, 40) if not missed else random.choice([3, 25, 48, 70, 95, 130])
        phone = f"+7 9{random.randrange(10, 99)} {random.randrange(100, 999)}-{random.randrange(10, 99)}-{random.randrange(10, 99)}"
        cid = f"{vendor[0]}{i + 1:04d}" if vendor == "Альфа" else f"B-{88000 + i}"
        if missed:
            status, talk, agent, res, csat, nps = "Пропущенный", "0:00:00", "", "", "", ""
            topic_cell = topic if random.random() < 0.6 else ""  # chosen in the voice menu
        else:
            status = "Принятый"
            secs = random.randrange(40, 600)
            talk = f"0:{secs // 60:02d}:{secs % 60:02d}"
            agent = random.choice(agents[vendor])
            res = random.choice(results_ans[topic])
            topic_cell = topic
            base = {"Жалоба": 2.6, "Возврат товара": 3.8}.get(topic, 4.4) - (0.4 if vendor == "Бета" else 0)
            csat = str(max(1, min(5, round(random.gauss(base, 0.8))))) if random.random() < 0.45 else ""
            nps = str(max(0, min(10, round(random.gauss(base * 2, 1.8))))) if random.random() < 0.3 else ""
            if res == "Заказ оформлен" or (res == "Заказ изменён" and random.random() < 0.5):
                orders.append(
                    (
                        t + dt.timedelta(minutes=random.randrange(5, 180)),
                        phone,
                        cid if random.random() < 0.5 else "",
                        random.randrange(900, 25000),
                    )
                )
        rows.append(
            (
                t,
                [
                    cid,
                    t.strftime("%d.%m.%Y %H:%M:%S"),
                    phone,
                    number,
                    utm,
                    status,
                    str(wait),
                    talk,
                    agent,
                    topic_cell,
                    res,
                    csat,
                    nps,
                ],
            )
        )
    rows.sort(key=lambda r: r[0])
    header = [
        "ID звонка",
        "Дата и время",
        "Номер абонента",
        "Виртуальный номер",
        "utm_source",
        "Статус",
        "Время ожидания, сек",
        "Длительность разговора",
        "Сотрудник",
        "Тематика",
        "Результат звонка",
        "Оценка разговора",
        "NPS",
    ]
    with open(f"tests/data/calls/{fname}", "w", encoding="utf-8-sig", newline="") as f:
        f.write(";".join(header) + "\r\n")
        for _, r in rows:
            f.write(";".join(r) + "\r\n")
orders.append((dt.datetime(2026, 3, 10, 15, 0), "+7 999 000-00-00", "", 5000))
orders.sort()
with open("tests/data/calls/shop_orders_march.csv", "w", encoding="utf-8", newline="") as f:
    f.write("Номер заказа,Дата создания,Телефон,ID звонка,Сумма\n")
    for k, (t, phone, cid, amount) in enumerate(orders):
        f.write(f"{10451 + k},{t.strftime('%d.%m.%Y %H:%M')},{phone},{cid},{amount}\n")
