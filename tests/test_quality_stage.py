"""The demo's quality section: recordings checked, grades, quizzes, mystery shopper, script, in the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import DemoRun


@pytest.fixture(scope="module")
def demo(demo_run: DemoRun) -> tuple[dict, Path]:
    # The shared demo runs without the user's CALLSCOUT_* settings: their speech model cannot change it.
    return demo_run.document, demo_run.out


def test_quality_section_has_every_vendor_and_the_contract_keys(demo: tuple[dict, Path]) -> None:
    document, out = demo
    sections = document["sections"]
    assert sections.index("vendors") < sections.index("quality") < sections.index("scoring")
    quality = document["quality"]
    assert list(quality) == [vendor["name"] for vendor in document["vendors"]]
    for section in quality.values():
        assert {"recordings", "qa_average", "mystery_shopper"} <= set(section)
        assert section["qa_average"] is None or 0 <= section["qa_average"] <= 100
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["quality"] == quality


def test_demo_recordings_get_the_verdicts_their_defects_deserve(demo: tuple[dict, Path]) -> None:
    quality = demo[0]["quality"]

    def recording(vendor: str, name: str) -> dict:
        return next(item for item in quality[vendor]["recordings"] if item["name"] == name)

    assert recording("ГолосПро", "golospro-zakaz.wav")["verdict"] == "good"
    stereo = recording("ГолосПро", "golospro-dialog.wav")
    assert stereo["stereo"]["talk_listen_ratio"] is not None and stereo["narrowband"]
    noisy = recording("Линия 24", "liniya24-zvonok.wav")
    assert noisy["verdict"] == "poor" and noisy["snr_db"] < 10
    voices = recording("ТелеСервис Плюс", "teleservis-primer.wav")
    assert voices["verdict"] == "poor" and voices["background_speech"]
    clipped = recording("Контакт-Экспресс", "kontakt-express.wav")
    assert clipped["verdict"] == "poor" and clipped["clipping_ratio"] > 0.01
    phone = recording("Call Mind", "callmind-sample.wav")
    assert phone["narrowband"] and phone["verdict"] == "good"
    assert (demo[1] / "recordings" / "golospro-zakaz.wav").stat().st_size > 100_000


def test_grades_quizzes_mystery_shopper_and_script(demo: tuple[dict, Path]) -> None:
    quality = demo[0]["quality"]
    assert quality["Открытый Диалог"]["qa_average"] > quality["Линия 24"]["qa_average"]
    shopper = quality["Линия 24"]["mystery_shopper"]
    assert shopper["avg_answer_s"] == 74.0 and shopper["transferred_share"] == 1.0 and shopper["score"] < 50
    assert quality["Контакт-Экспресс"]["mystery_shopper"]["answered_share"] == 0.0
    assert quality["Call Mind"]["mystery_shopper"] is None
    assert quality["ГолосПро"]["quizzes"]["passed_share"] == 0.5
    assert quality["ГолосПро"]["script"]["passed"]
    rude = quality["Линия 24"]["script"]
    assert not rude["passed"] and "последний шанс" in [hit["variant"] for hit in rude["forbidden"]]
    assert quality["ГолосПро"]["script_missing"] is None


def test_report_says_why_a_vendor_has_no_script_check(demo: tuple[dict, Path]) -> None:
    document, out = demo
    from callscout.present.findings import said

    missing = said(document["quality"]["ТелеСервис Плюс"]["script_missing"], language="ru")  # kept with its key
    assert document["quality"]["ТелеСервис Плюс"]["script"] is None
    assert "скрипт не проверен" in missing and "CALLSCOUT_ASR_MODEL" in missing
    assert missing in (out / "report.html").read_text(encoding="utf-8")


def test_reasons_follow_the_report_language(tmp_path: Path) -> None:
    """Recordings checked in Russian, report made in English: the reasons are in English."""
    from callscout import evalfile, pipeline
    from callscout.demo import demo_evaluation_path
    from callscout.demo.quality import seed_quality
    from callscout.i18n import set_language
    from callscout.present.findings import said
    from callscout.store import Store

    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        evaluation = evalfile.load(demo_evaluation_path())
        seed_quality(store, evaluation, tmp_path)
        (stored,) = store.runs(kind="audio", target="teleservis-primer.wav")
        assert "голоса других людей" in str(stored.summary["reasons"])
        set_language("en")
        document = pipeline.run(evaluation, store, tmp_path / "out").document
    finally:
        store.close()
    (voices,) = document["quality"]["ТелеСервис Плюс"]["recordings"]
    assert any("other people's voices" in said(reason["message"], language="en") for reason in voices["reasons"])


def test_report_html_shows_the_section(demo: tuple[dict, Path]) -> None:
    html = (demo[1] / "report.html").read_text(encoding="utf-8")
    assert "Качество звонков" in html
    assert "teleservis-primer.wav" in html and "голоса других людей" in html
    assert "«последний шанс»" in html


def test_one_vendors_broken_data_does_not_cost_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from callscout import evalfile, pipeline
    from callscout.demo import demo_evaluation_path
    from callscout.qa import service
    from callscout.store import Store
    from callscout.store.ownership import VendorRef

    real = service.mystery_summary

    def broken_for_one(store: Store, vendor: VendorRef) -> dict | None:
        if vendor.name == "Линия 24":
            raise ValueError("corrupt row")
        return real(store, vendor)

    monkeypatch.setattr(service, "mystery_summary", broken_for_one)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        result = pipeline.run(evalfile.load(demo_evaluation_path()), store, tmp_path / "out")
    finally:
        store.close()
    quality = result.document["quality"]
    assert "corrupt row" in quality["Линия 24"]["error"] and quality["Линия 24"]["recordings"] == []
    assert "error" not in quality["ГолосПро"]
    assert "corrupt row" in result.html_path.read_text(encoding="utf-8")
