"""Build the six demo vendors' websites under src/callscout/demo/sites/<host>/ (files laid out as URL paths).

Run once by a developer (needs espeak-ng, sox and WeasyPrint); the output is committed and doubles
as the website-audit test fixtures. Each site is built to exercise the checks: ГолосПро and Открытый
Диалог are complete; Линия 24 is windows-1251 with a PDF policy and a noisy recording; ТелеСервис Плюс
has only a mobile phone and a free mail box; Контакт-Экспресс prints an invalid ОГРН and stale news;
Call Mind has spelling errors, undated news and no requisites page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "sites"

NAV = [
    ("/", "Главная"),
    ("/uslugi/", "Услуги"),
    ("/ceny/", "Цены"),
    ("/klienty/", "Клиенты"),
    ("/otzyvy/", "Отзывы"),
    ("/novosti/", "Новости"),
    ("/zapisi-zvonkov/", "Записи звонков"),
    ("/o-kompanii/", "О компании"),
    ("/kontakty/", "Контакты"),
]


@dataclass
class Site:
    host: str
    brand: str
    encoding: str = "utf-8"
    nav: list[tuple[str, str]] = field(default_factory=lambda: list(NAV))
    footer: str = ""
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (title, body html)
    files: dict[str, bytes] = field(default_factory=dict)

    def render(self, path: str, title: str, body: str) -> bytes:
        charset = "windows-1251" if self.encoding == "cp1251" else "utf-8"
        meta = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            if self.encoding == "cp1251"
            else '<meta charset="utf-8">'
        )
        nav = "".join(
            f'<li{" class=active" if href == path else ""}><a href="{href}">{escape(text)}</a></li>'
            for href, text in self.nav
        )
        html = f"""<!DOCTYPE html>
<html lang="ru">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} — {escape(self.brand)}</title>
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; var phone = "+7 999 000-00-00";</script>
</head>
<body>
<header class="site-header"><a class="logo" href="/">{escape(self.brand)}</a>
<nav><ul class="menu">{nav}</ul></nav></header>
<main>
<h1>{escape(title)}</h1>
{body}
</main>
<footer class="site-footer">{self.footer}</footer>
</body>
</html>
"""
        return html.encode(self.encoding)

    def write(self) -> None:
        target = ROOT / self.host
        if target.exists():
            shutil.rmtree(target)
        for path, (title, body) in self.pages.items():
            file = target / (path.strip("/") + "/index.html" if path.endswith("/") else path.strip("/"))
            if path == "/":
                file = target / "index.html"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(self.render(path, title, body))
        for path, data in self.files.items():
            file = target / path.strip("/")
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        (target / "static").mkdir(exist_ok=True)
        (target / "static" / "site.css").write_text(CSS, encoding="utf-8")
        (target / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", encoding="utf-8")


CSS = "body{font-family:sans-serif;max-width:960px;margin:auto}nav li{display:inline;margin-right:1em}\n"

CONSENT_FORM = """<form class="request" action="/zayavka/" method="post">
<label>Имя <input type="text" name="name"></label>
<label>Телефон <input type="tel" name="phone"></label>
<label>E-mail <input type="email" name="email"></label>
<label><input type="checkbox" name="agree" required> Я даю согласие на обработку персональных данных
в соответствии с <a href="{policy}">политикой конфиденциальности</a></label>
<button type="submit">Отправить заявку</button></form>"""

BARE_FORM = """<form class="callback" action="/send.php" method="post">
<input type="text" name="name" placeholder="Ваше имя"><input type="tel" name="phone" placeholder="Телефон">
<button>Перезвоните мне</button></form>"""


def news_list(items: list[tuple[str | None, str, str]], base: str = "/novosti/") -> str:
    """items: (date text or None, slug, headline)."""
    rows = []
    for when, slug, headline in items:
        date_html = f'<span class="date">{when}</span> ' if when else ""
        rows.append(f'<article class="news-item">{date_html}<a href="{base}{slug}/">{escape(headline)}</a></article>')
    return "\n".join(rows)


def reviews_html(items: list[tuple[str | None, str, str]]) -> str:
    rows = []
    for when, author, text in items:
        date_html = f'<div class="review-date">{when}</div>' if when else ""
        rows.append(
            f'<div class="review"><blockquote>{escape(text)}</blockquote>'
            f'<div class="review-author">{escape(author)}</div>{date_html}</div>'
        )
    return "\n".join(rows)


def clients_html(names: list[str]) -> str:
    return '<ul class="clients">' + "".join(f"<li>{escape(name)}</li>" for name in names) + "</ul>"


def audio_html(items: list[tuple[str, str]]) -> str:
    rows = []
    for src, caption in items:
        rows.append(
            f'<figure class="call-sample"><figcaption>{escape(caption)}</figcaption>'
            f'<audio controls preload="none"><source src="{src}" type="audio/wav"></audio>'
            f'<a href="{src}" download>Скачать запись</a></figure>'
        )
    return "\n".join(rows)


# --- audio -------------------------------------------------------------------------------------


def speech(lines: list[tuple[str, str]], noisy: bool) -> bytes:
    """A short 8 kHz mono call: lines are (voice, text); the noisy one gets hiss, hum and a colleague."""
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for index, (voice, text) in enumerate(lines):
            raw = Path(tmp) / f"part{index}.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", "165", "-w", str(raw), text], check=True)
            part = Path(tmp) / f"p{index}.wav"
            subprocess.run(
                ["sox", "-R", str(raw), "-r", "8000", "-c", "1", "-b", "16", str(part), "pad", "0", "0.25"], check=True
            )
            parts.append(str(part))
        clean = Path(tmp) / "clean.wav"
        subprocess.run(["sox", "-R", *parts, str(clean)], check=True)
        if not noisy:
            return clean.read_bytes()
        length = subprocess.run(["soxi", "-D", str(clean)], capture_output=True, text=True, check=True).stdout.strip()
        noise = Path(tmp) / "noise.wav"
        subprocess.run(["sox", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", str(noise), "synth", length,
                        "pinknoise", "vol", "0.25"], check=True)  # fmt: skip
        hum = Path(tmp) / "hum.wav"
        subprocess.run(["sox", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", str(hum), "synth", length,
                        "sine", "50", "vol", "0.15"], check=True)  # fmt: skip
        colleague_raw = Path(tmp) / "colleague_raw.wav"
        subprocess.run(["espeak-ng", "-v", "ru", "-p", "70", "-s", "190", "-w", str(colleague_raw),
                        "Да, да, я вам перезвоню через пять минут"], check=True)  # fmt: skip
        colleague = Path(tmp) / "colleague.wav"
        subprocess.run(["sox", "-R", str(colleague_raw), "-r", "8000", "-c", "1", "-b", "16", str(colleague),
                        "vol", "0.35", "pad", "0.8", "0"], check=True)  # fmt: skip
        noisy_file = Path(tmp) / "noisy.wav"
        mix = ["sox", "-R", "-m", str(clean), str(noise), str(hum), str(colleague)]
        subprocess.run([*mix, "-b", "16", str(noisy_file), "trim", "0", length], check=True)
        return noisy_file.read_bytes()


def pdf(title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        "<html><head><meta charset='utf-8'><style>@page{size:A4;margin:2cm}"
        "body{font-family:'DejaVu Sans';font-size:10pt}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


POLICY_TEXT = [
    "1. Общие положения. Настоящая политика в отношении обработки персональных данных составлена в соответствии "
    "с требованиями Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» и определяет порядок "
    "обработки персональных данных и меры по обеспечению их безопасности, предпринимаемые оператором — {name} "
    "(ИНН {inn}, ОГРН {ogrn}).",
    "2. Оператор обрабатывает следующие персональные данные: фамилия, имя, отчество; номер телефона; адрес "
    "электронной почты; записи телефонных разговоров с клиентами заказчиков, обрабатываемые по поручению заказчика.",
    "3. Цели обработки: заключение и исполнение договоров на услуги контакт-центра, ответы на обращения, "
    "контроль качества обслуживания.",
    "4. Оператор обеспечивает конфиденциальность персональных данных, хранит записи разговоров не дольше срока, "
    "установленного договором с заказчиком, и не передаёт их третьим лицам без законных оснований.",
    "5. Субъект персональных данных вправе отозвать согласие на обработку, направив запрос на адрес {email}.",
]


def requisites_table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{escape(label)}</th><td>{escape(value)}</td></tr>" for label, value in rows)
    return f'<table class="requisites">{body}</table>'


def golospro() -> Site:
    name, inn, kpp, ogrn = "ООО «ГолосПро»", "7701234560", "770101001", "1157746012346"
    site = Site(host="golospro.example", brand="ГолосПро")
    site.nav = [*NAV[:8], ("/rekvizity/", "Реквизиты"), NAV[8]]
    site.footer = (
        f"<p>{name}, ИНН {inn}, КПП {kpp}, ОГРН {ogrn}</p>"
        '<p>Москва, ул. Мясницкая, д. 24/7, стр. 1 · <a href="tel:+74951204567">+7 (495) 120-45-67</a> · '
        '<a href="tel:88005550123">8 800 555-01-23</a> · '
        '<a href="mailto:sales@golospro.example">sales@golospro.example</a></p>'
        '<p><a href="/politika-konfidencialnosti/">Политика конфиденциальности</a> · © 2015–2026 ГолосПро</p>'
    )
    form = CONSENT_FORM.format(policy="/politika-konfidencialnosti/")
    site.pages = {
        "/": (
            "Колл-центр для интернет-магазинов",
            f"""
<p>ГолосПро — аутсорсинговый колл-центр в Москве. С 2015 года принимаем звонки покупателей интернет-магазинов:
140 операторов на 120 рабочих местах, 2,3 млн обработанных звонков в 2025 году, 80% вызовов отвечаем за 20 секунд.</p>
<ul><li>Приём заказов и консультации по товарам — 24/7</li><li>Интеграция с RetailCRM, amoCRM и Битрикс24 за 3 дня</li>
<li>Онлайн-статистика по 12 показателям в личном кабинете</li><li>Записи всех разговоров доступны заказчику</li></ul>
<p>Тариф посекундный: 21 ₽ за минуту разговора, настройка проекта — 20 000 ₽.</p>{form}""",
        ),
        "/uslugi/": (
            "Услуги",
            """
<h2>Входящая линия для интернет-магазина</h2><p>Операторы принимают заказы, отвечают о доставке и оплате,
переводят гарантийные вопросы в сервисный центр. Скрипты согласуем с вами, супервайзер прослушивает 5% звонков.</p>
<h2>Номер 8-800</h2><p>Подключим бесплатный номер 8-800 за 1 день: 2,4 ₽ за минуту входящего вызова.</p>
<h2>Исходящий обзвон</h2><p>Подтверждение заказов, возврат брошенных корзин, опросы качества обслуживания.</p>
<h2>Голосовое меню и приветствия</h2><p>Запишем приветствие и IVR с профессиональным диктором.</p>""",
        ),
        "/ceny/": (
            "Цены и тарифы",
            """
<table class="prices"><tr><th>Тариф</th><th>Стоимость</th></tr>
<tr><td>Посекундная тарификация разговора</td><td>21 ₽/мин</td></tr>
<tr><td>Настройка проекта и обучение операторов</td><td>20 000 ₽</td></tr>
<tr><td>Минимальный ежемесячный платёж</td><td>60 000 ₽</td></tr>
<tr><td>Входящие на 8-800</td><td>2,4 ₽/мин</td></tr></table>
<p>Пробный проект — 2 недели. Оплата только за время разговоров, паузы между звонками не оплачиваются.</p>""",
        ),
        "/klienty/": (
            "Наши клиенты",
            clients_html(
                [
                    "ТехноДом — интернет-магазин электроники",
                    "Мебель-Онлайн",
                    "ЗооМаркет",
                    "Книжный квартал",
                    "СпортЛайн",
                    "Аптека Здоровье+",
                    "ДетскийМир-Онлайн",
                    "Сад и Огород",
                ]
            ),
        ),
        "/otzyvy/": (
            "Отзывы заказчиков",
            reviews_html(
                [
                    (
                        "12.11.2026",
                        "Мария Лебедева, ТехноДом",
                        "За полгода ГолосПро подняли долю принятых звонков до 96%. "
                        "Отчёты приходят каждый день, записи разговоров можно прослушать в кабинете.",
                    ),
                    (
                        "03.09.2026",
                        "Олег Кравцов, ЗооМаркет",
                        "Запустили линию за неделю, в сезон выдержали рост звонков в 1,7 раза.",
                    ),
                    (
                        "21.04.2026",
                        "Анна Ветрова, Книжный квартал",
                        "Операторы хорошо знают ассортимент, конверсия в заказ выросла до 34%.",
                    ),
                ]
            ),
        ),
        "/novosti/": (
            "Новости",
            news_list(
                [
                    ("10 ноября 2026", "crm-integration", "Запустили интеграцию с RetailCRM в один клик"),
                    ("02 октября 2026", "peak-season", "Готовимся к сезону распродаж: +40 операторов"),
                    ("15 августа 2026", "quality", "Внедрили оценку каждого звонка по чек-листу"),
                ]
            ),
        ),
        "/novosti/crm-integration/": (
            "Интеграция с RetailCRM",
            """<p class="date">10.11.2026</p>
<p>Теперь карточка заказа открывается у оператора автоматически при входящем звонке.</p>""",
        ),
        "/novosti/peak-season/": (
            "Сезон распродаж",
            """<p class="date">02.10.2026</p>
<p>К «чёрной пятнице» расширяем смену до 180 операторов.</p>""",
        ),
        "/novosti/quality/": (
            "Оценка качества",
            """<p class="date">15.08.2026</p>
<p>Каждый звонок оценивается по чек-листу из 14 пунктов.</p>""",
        ),
        "/zapisi-zvonkov/": (
            "Записи звонков",
            "<p>Примеры реальных разговоров наших операторов (с согласия клиентов):</p>"
            + audio_html([("/media/zakaz-holodilnika.wav", "Приём заказа на холодильник")]),
        ),
        "/o-kompanii/": (
            "О компании",
            """<p>ГолосПро работает с 2015 года. Генеральный директор — Соколов Андрей
Викторович. В штате 140 операторов и 9 супервайзеров; контроль качества — 3 специалиста.</p>""",
        ),
        "/rekvizity/": (
            "Реквизиты",
            requisites_table(
                [
                    ("Полное наименование", "Общество с ограниченной ответственностью «ГолосПро»"),
                    ("Сокращённое наименование", name),
                    ("ИНН", inn),
                    ("КПП", kpp),
                    ("ОГРН", ogrn),
                    ("Дата регистрации", "14.04.2015, Межрайонная ИФНС России № 46 по г. Москве"),
                    ("Юридический адрес", "101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1, помещение 3"),
                    ("Фактический адрес", "101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1, офис 305"),
                    ("Генеральный директор", "Соколов Андрей Викторович"),
                    ("Расчётный счёт", "р/с 40702810938000123456 в ПАО Сбербанк"),
                    ("Корр. счёт", "к/с 30101810400000000225"),
                    ("БИК", "044525225"),
                    ("ОКПО", "12345678"),
                    ("Телефон", "+7 (495) 120-45-67"),
                    ("E-mail", "sales@golospro.example"),
                ]
            ),
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Адрес: 101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1, офис 305</p>
<p>Телефон: +7 (495) 120-45-67<br>Бесплатно по России: 8 800 555-01-23</p>
<p>Отдел продаж: <a href="mailto:sales@golospro.example">sales@golospro.example</a>, Ирина Соколова</p>""",
        ),
        "/politika-konfidencialnosti/": (
            "Политика в отношении обработки персональных данных",
            "".join(
                f"<p>{escape(text.format(name=name, inn=inn, ogrn=ogrn, email='privacy@golospro.example'))}</p>"
                for text in POLICY_TEXT
            ),
        ),
    }
    site.files["/media/zakaz-holodilnika.wav"] = speech(
        [
            ("ru+f3", "Здравствуйте! ДомТехника, меня зовут Анна."),
            ("ru", "Хочу заказать холодильник."),
            ("ru+f3", "Назовите артикул, пожалуйста."),
        ],
        noisy=False,
    )
    return site


def linia24() -> Site:
    name, inn, ogrn = "ООО «Линия 24»", "7802345676", "1097847005673"  # КПП only on the "about" page
    site = Site(host="linia24.example", brand="Линия 24", encoding="cp1251")
    site.nav = [*NAV[:8], ("/docs/politika-pd.pdf", "Политика конфиденциальности"), NAV[8]]
    site.footer = (
        f"<p>{name} · ИНН {inn} · ОГРН {ogrn} · 190000, Санкт-Петербург, Невский пр., д. 100, лит. А</p>"
        '<p>Тел. +7 (812) 334-22-11 · <a href="mailto:info@linia24.example">info@linia24.example</a> · '
        '<a href="/docs/politika-pd.pdf">Политика обработки персональных данных (PDF)</a></p>'
        "<p>© 2009-2026 Линия 24</p>"
    )
    form = CONSENT_FORM.format(policy="/docs/politika-pd.pdf")
    site.pages = {
        "/": (
            "Круглосуточный контакт-центр в Санкт-Петербурге",
            f"""
<p>«Линия 24» принимает звонки круглосуточно с 2009 года. Общий пул из 60 операторов, оплата по часам работы
оператора: 310 руб. в час. Статистика онлайн по 6 показателям.</p>{form}""",
        ),
        "/uslugi/": (
            "Услуги",
            """<p>Входящая линия 24/7, горячая линия для интернет-магазинов, перевод звонков
на специалистов заказчика, подключение номера 8-800 (3,1 руб. за минуту).</p>""",
        ),
        "/ceny/": (
            "Тарифы",
            """<p>Почасовая оплата работы оператора из общего пула — 310 руб./час.
Ночные часы без наценки. Выделенные операторы — по запросу.</p>""",
        ),
        "/klienty/": (
            "Клиенты",
            clients_html(["Петро-Обувь", "Балтийский текстиль", "Ваш Сантехник", "Северная аптека"]),
        ),
        "/otzyvy/": (
            "Отзывы",
            reviews_html(
                [
                    ("5 июля 2026", "Сергей Н., Петро-Обувь", "Работаем третий год, ночные звонки больше не теряем."),
                    ("18 февраля 2026", "Ирина К., Северная аптека", "Подключили линию за два дня."),
                ]
            ),
        ),
        "/novosti/": (
            "Новости",
            news_list(
                [
                    ("20.07.2026", "8800", "Снизили тариф на 8-800"),
                    ("11.03.2026", "office", "Открыли второй зал на 30 мест"),
                ]
            ),
        ),
        "/novosti/8800/": ("Снизили тариф на 8-800", "<p>20.07.2026. Минута на 8-800 теперь стоит 3,1 руб.</p>"),
        "/novosti/office/": ("Второй зал", "<p>11.03.2026. Второй операторский зал на 30 мест открыт.</p>"),
        "/zapisi-zvonkov/": ("Записи звонков", audio_html([("/media/dostavka.wav", "Вопрос о доставке")])),
        "/o-kompanii/": (
            "О компании",
            """<p>Генеральный директор: Петров Михаил Сергеевич.
Юридический адрес: 190000, Санкт-Петербург, Невский пр., д. 100, лит. А, пом. 12-Н.
Фактический адрес: 190000, Санкт-Петербург, Невский пр., д. 100, лит. А, офис 401.
КПП 780201001. Дата государственной регистрации: 15.06.2009.</p>""",
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Телефон: +7 (812) 334-22-11</p><p>E-mail: info@linia24.example</p>
<p>Адрес: Санкт-Петербург, Невский пр., д. 100, лит. А, офис 401</p>""",
        ),
    }
    site.files["/docs/politika-pd.pdf"] = pdf(
        "Политика в отношении обработки персональных данных ООО «Линия 24»",
        [text.format(name=name, inn=inn, ogrn=ogrn, email="info@linia24.example") for text in POLICY_TEXT],
    )
    site.files["/media/dostavka.wav"] = speech(
        [
            ("ru+f3", "Линия двадцать четыре, слушаю вас."),
            ("ru", "Когда привезут мой заказ?"),
            ("ru+f3", "Минуточку, уточню."),
        ],
        noisy=True,
    )
    return site


def teleservice_plus() -> Site:
    site = Site(host="teleservice-plus.example", brand="ТелеСервис Плюс")
    site.nav = [("/", "Главная"), ("/uslugi/", "Услуги"), ("/ceny/", "Цены"), ("/portfolio/", "Портфолио"),
                ("/kontakty/", "Контакты")]  # fmt: skip
    site.footer = "<p>ТелеСервис Плюс · +7 916 555-12-34 · teleservice.plus@mail.ru</p><p>© 2019 Все права защищены</p>"
    site.pages = {
        "/": (
            "Колл-центр ТелеСервис Плюс",
            f"""<p>Мы — команда профессионалов с индивидуальным подходом к каждому
клиенту. Предлагаем качественные и эффективные услуги колл-центра по выгодным ценам в кратчайшие сроки.
Высокое качество обслуживания гарантируем! Оптимальные решения для вашего бизнеса.</p>
<p>Почему выбирают нас? Мы лучшие в своём деле и всегда идём навстречу клиенту. Наши специалисты найдут
подход к любому покупателю, а гибкие условия сотрудничества позволят сэкономить ваш бюджет. Доверьте
нам своих клиентов, и вы забудете о пропущенных звонках. Звоните прямо сейчас и получите консультацию
бесплатно!</p>{BARE_FORM}""",
        ),
        "/uslugi/": (
            "Услуги",
            """<p>Обзвон базы, входящие звонки, опросы, анкетирование. Профессиональные
операторы, современные технологии, европейский уровень сервиса. Надёжный партнёр для вашего бизнеса.</p>""",
        ),
        "/ceny/": (
            "Цены",
            "<p>Стоимость рассчитывается индивидуально, цена по запросу. Оставьте заявку!</p>" + BARE_FORM,
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Звоните: +7 (916) 555-12-34 (WhatsApp, Telegram)</p>
<p>Пишите: <a href="mailto:teleservice.plus@mail.ru">teleservice.plus@mail.ru</a></p>""",
        ),
    }
    return site


def kontakt_express() -> Site:
    name, inn, kpp = "ООО «Контакт-Экспресс»", "5403456780", "540301001"
    ogrn = "1175476043217"  # the check digit should be 4: an invalid ОГРН on purpose
    site = Site(host="kontakt-express.example", brand="Контакт-Экспресс")
    site.nav = [*NAV[:8], ("/rekvizity/", "Реквизиты"), NAV[8]]
    site.footer = (
        f'<p>{name} · <a href="/rekvizity/">Реквизиты</a> · <a href="/politika/">Политика конфиденциальности</a></p>'
        "<p>+7 (383) 210-30-40 · 8-800-200-40-50 · hello@kontakt-express.example</p><p>© 2005–2022 Контакт-Экспресс</p>"
    )
    form = CONSENT_FORM.format(policy="/politika/")
    site.pages = {
        "/": (
            "Контакт-центр с оплатой за результат",
            f"""<p>Работаем с 2005 года. Платите только за оформленный
заказ: 165 ₽ за заказ, пробный проект — 30 000 ₽. 45 операторов, смены с 7:00 до 22:00 по Новосибирску.</p>{form}""",
        ),
        "/uslugi/": ("Услуги", "<p>Приём заказов, допродажи, подтверждение заказов, обработка заявок с сайта.</p>"),
        "/ceny/": ("Цены", "<p>Оплата за результат: 165 ₽ за подтверждённый заказ. Пробный проект — 30 000 ₽.</p>"),
        "/klienty/": ("Клиенты", clients_html(["Сибирский гурман", "ОбьТехника", "Красота-Маркет"])),
        "/otzyvy/": (
            "Отзывы",
            reviews_html(
                [
                    ("14.03.2023", "Дмитрий, ОбьТехника", "Конверсия в заказ выросла на 12%."),
                    ("02.11.2022", "Ольга, Красота-Маркет", "Быстро запустили проект."),
                ]
            ),
        ),
        "/novosti/": (
            "Новости",
            news_list(
                [
                    ("16.05.2022", "new-office", "Переехали в новый офис"),
                    ("10.01.2022", "results-2021", "Итоги 2021 года: 1,2 млн звонков"),
                ]
            ),
        ),
        "/novosti/new-office/": ("Новый офис", "<p>16.05.2022. Новый офис на 60 рабочих мест.</p>"),
        "/zapisi-zvonkov/": (
            "Записи звонков",
            "<p>Записи разговоров предоставляем по запросу после подписания NDA.</p>",
        ),
        "/o-kompanii/": ("О компании", "<p>Директор: Кузнецова Елена Павловна. 17 лет на рынке аутсорсинга.</p>"),
        "/rekvizity/": (
            "Реквизиты",
            requisites_table(
                [
                    ("Полное наименование", "Общество с ограниченной ответственностью «Контакт-Экспресс»"),
                    ("ИНН / КПП", f"{inn} / {kpp}"),
                    ("ОГРН", ogrn),
                    ("Юридический адрес", "630099, г. Новосибирск, ул. Советская, д. 18, офис 7"),
                    ("Фактический адрес", "630099, г. Новосибирск, ул. Советская, д. 18, офис 7"),
                    ("Директор", "Кузнецова Елена Павловна"),
                    ("Банк", "АО «Альфа-Банк», р/с 40702810523000012345, к/с 30101810200000000593, БИК 044525593"),
                ]
            ),
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Новосибирск, ул. Советская, д. 18</p><p>+7 (383) 210-30-40, 8-800-200-40-50</p>
<p><a href="mailto:hello@kontakt-express.example">hello@kontakt-express.example</a></p>""",
        ),
        "/politika/": (
            "Политика конфиденциальности",
            "".join(
                f"<p>{escape(text.format(name=name, inn=inn, ogrn=ogrn, email='hello@kontakt-express.example'))}</p>"
                for text in POLICY_TEXT
            ),
        ),
    }
    return site


def callmind() -> Site:
    name, inn, ogrn = "ООО «Колл Майнд»", "6604567890", "1196658007655"
    site = Site(host="callmind.example", brand="Call Mind")
    site.nav = [NAV[0], NAV[1], NAV[3], NAV[4], NAV[5], ("/privacy/", "Политика конфиденциальности"), NAV[8]]
    site.footer = (f"<p>{name}, ИНН {inn}, ОГРН {ogrn}. 620014, Екатеринбург, ул. Малышева, д. 51</p>"
                   "<p>+7 (343) 300-70-70 · office@callmind.example · © 2019–2026 Call Mind</p>")  # fmt: skip
    site.pages = {
        "/": (
            "Call Mind — продажи по телефону",
            """<p>Мы превращаем ваши звонки в продажи. Наши операторы
обьязательно перезвонят каждому клиенту и помогут оформить заказ. Работаем за процент с продаж: 4,5% от
выручки и абонентская плата 25 000 ₽ в месяц. Приемущество нашего подхода — мы зарабатываем только вместе с вами.</p>
<p>Мы расчитываем скрипт под каждый товар и зделаем так, чтобы ни один звонок не потерялся. Наша команда
прфессиональных менеджеров обеспечивает кочественное обслуживание и отчёты о продажах каждую неделю.</p>""",
        ),
        "/uslugi/": (
            "Услуги",
            """<p>Входящие звонки, обработка заявок, допродажи, отчеты о продажах и эфективности
рекламы. Мы сопровождаем проект от запуска до результата и анализируем каждый разговор. Операторы проходят
обучение по продукту заказчика, а руководитель проекта еженедельно присылает отчёт по показателям.</p>""",
        ),
        "/klienty/": ("Клиенты", clients_html(["УралСтройМаркет", "Косметика Урала", "ЕКБ-Шины"])),
        "/otzyvy/": (
            "Отзывы",
            reviews_html(
                [
                    (None, "Павел, ЕКБ-Шины", "Продажи по телефону выросли, спасибо команде!"),
                    (None, "Алина, Косметика Урала", "Хорошие ребята, рекомендую."),
                ]
            ),
        ),
        "/novosti/": (
            "Новости",
            news_list(
                [
                    (None, "webinar", "Провели вебинар о телефонных продажах"),
                    (None, "team", "Наша команда выросла"),
                ]
            ),
        ),
        "/novosti/webinar/": ("Вебинар", "<p>Рассказали, как увеличить конверсию звонков в продажи.</p>"),
        "/privacy/": (
            "Политика конфиденциальности",
            """<p>Мы уважаем вашу конфиденциальность и не передаём ваши
данные третьим лицам. Данные, которые вы оставляете на сайте, используются только для связи с вами.</p>""",
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Екатеринбург, ул. Малышева, д. 51, офис 1203</p>
<p>Телефон: +7 (343) 300-70-70</p><p>E-mail: office@callmind.example</p>""",
        ),
    }
    return site


def otkrytyi_dialog() -> Site:
    name, inn, kpp, ogrn = "ООО «Открытый Диалог»", "7705678905", "770501001", "1127746009874"
    site = Site(host="otkrytyi-dialog.example", brand="Открытый Диалог")
    site.nav = [*NAV[:8], ("/rekvizity/", "Реквизиты"), NAV[8]]
    site.footer = (
        f"<p>{name} · ИНН {inn} · КПП {kpp} · ОГРН {ogrn}</p>"
        "<p>115054, Москва, ул. Валовая, д. 35 · +7 (495) 777-88-99 · 8 (800) 100-77-88 · "
        '<a href="mailto:clients@otkrytyi-dialog.example">clients@otkrytyi-dialog.example</a></p>'
        '<p><a href="/politika-obrabotki-personalnyh-dannyh/">Политика обработки персональных данных</a> · '
        "© 2012–2026 Открытый Диалог</p>"
    )
    form = CONSENT_FORM.format(policy="/politika-obrabotki-personalnyh-dannyh/")
    site.pages = {
        "/": (
            "Выделенные операторы для вашего бизнеса",
            f"""<p>Открытый Диалог с 2012 года строит выделенные
линии для интернет-магазинов: операторы работают только на вашем проекте и знают ваш каталог. 85% звонков
отвечаем за 20 секунд, доля потерянных вызовов — не более 4%. Онлайн-статистика по 14 показателям,
прослушивание и оценка звонков, тестирование операторов в личном кабинете.</p>{form}""",
        ),
        "/uslugi/": (
            "Услуги",
            """<h2>Выделенная линия</h2><p>Команда операторов и супервайзер только для вас.</p>
<h2>Отчётность</h2><p>Продажи, эффективность рекламы, обратная связь клиентов, все звонки и заказы.</p>
<h2>8-800 и голосовое меню</h2><p>Номер 8-800 — 2,2 ₽ за минуту, приветствие и IVR под ваш бренд.</p>""",
        ),
        "/ceny/": (
            "Цены",
            """<p>Оклад выделенного оператора — 62 000 ₽ в месяц плюс 1,5% от продаж.
Запуск проекта — 40 000 ₽. Пробный проект — 1 месяц.</p>""",
        ),
        "/klienty/": (
            "Клиенты и кейсы",
            clients_html(
                ["ДомТекстиль", "Электроника-24", "Зелёная аптека", "Планета игрушек", "АвтоДеталь", "Фермерская лавка"]
            ),
        ),
        "/otzyvy/": (
            "Отзывы",
            reviews_html(
                [
                    (
                        "18.11.2026",
                        "Виктор Сомов, Электроника-24",
                        "Выделенные операторы знают наш ассортимент лучше продавцов.",
                    ),
                    (
                        "30.09.2026",
                        "Елена Жукова, Зелёная аптека",
                        "Прозрачная отчётность, доля потерянных звонков 3%.",
                    ),
                    ("07.06.2026", "Артём Белов, АвтоДеталь", "Перешли к ним после пробного месяца и не жалеем."),
                    ("15.01.2026", "Наталья Орлова, Планета игрушек", "Сезон пережили без очередей на линии."),
                ]
            ),
        ),
        "/novosti/": (
            "Новости",
            news_list(
                [
                    ("20 ноября 2026", "ai-quality", "Оцениваем 100% звонков с помощью речевой аналитики"),
                    ("1 октября 2026", "new-hall", "Новый зал на 80 рабочих мест"),
                ]
            ),
        ),
        "/novosti/ai-quality/": (
            "Речевая аналитика",
            "<p>20.11.2026. Каждый звонок теперь проходит автоматическую оценку.</p>",
        ),
        "/novosti/new-hall/": ("Новый зал", "<p>01.10.2026. Открыли зал на 80 рабочих мест в том же здании.</p>"),
        "/zapisi-zvonkov/": (
            "Записи звонков",
            audio_html(
                [
                    ("/media/konsultaciya.wav", "Консультация по товару"),
                ]
            ),
        ),
        "/o-kompanii/": (
            "О компании",
            """<p>Генеральный директор — Орлова Марина Игоревна. 220 операторов,
14 супервайзеров, собственный отдел контроля качества.</p>""",
        ),
        "/rekvizity/": (
            "Реквизиты",
            requisites_table(
                [
                    ("Полное наименование", "Общество с ограниченной ответственностью «Открытый Диалог»"),
                    ("Сокращённое наименование", name),
                    ("ИНН", inn),
                    ("КПП", kpp),
                    ("ОГРН", ogrn),
                    ("Сведения о регистрации", "зарегистрировано 05.03.2012 Межрайонной ИФНС России № 46 по г. Москве"),
                    ("Юридический адрес", "115054, г. Москва, ул. Валовая, д. 35, помещение I, комната 12"),
                    ("Фактический адрес", "115054, г. Москва, ул. Валовая, д. 35, 4 этаж"),
                    ("Генеральный директор", "Орлова Марина Игоревна"),
                    ("Банк", "р/с 40702810400000012345 в АО «Т-Банк», к/с 30101810145250000974, БИК 044525974"),
                    ("ОКПО", "87654321"),
                    ("ОКВЭД", "82.20"),
                ]
            ),
        ),
        "/kontakty/": (
            "Контакты",
            """<p>Москва, ул. Валовая, д. 35, 4 этаж</p>
<p>+7 (495) 777-88-99 · 8 (800) 100-77-88</p><p>clients@otkrytyi-dialog.example</p>""",
        ),
        "/politika-obrabotki-personalnyh-dannyh/": (
            "Политика обработки персональных данных",
            "".join(
                f"<p>{escape(text.format(name=name, inn=inn, ogrn=ogrn, email='clients@otkrytyi-dialog.example'))}</p>"
                for text in POLICY_TEXT
            ),
        ),
    }
    site.files["/media/konsultaciya.wav"] = speech(
        [
            ("ru+f2", "Электроника двадцать четыре, Мария, здравствуйте."),
            ("ru", "У пылесоса есть влажная уборка?"),
            ("ru+f2", "Да, у этой модели она есть."),
        ],
        noisy=False,
    )
    return site


def main() -> int:
    for build in (golospro, linia24, teleservice_plus, kontakt_express, callmind, otkrytyi_dialog):
        site = build()
        site.write()
        print(site.host, sum(f.stat().st_size for f in (ROOT / site.host).rglob("*") if f.is_file()), "bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
