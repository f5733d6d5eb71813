"""In a real browser (Debian Chromium): upload a call log, see the KPIs, rate a recording with a scorecard."""

from __future__ import annotations

from pathlib import Path

import pytest

from callscout import accounts, workspace
from callscout.accounts import Role
from callscout.audio import synth
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet

pytestmark = [
    pytest.mark.skipif(
        browser_unavailable_reason() is not None, reason=f"browser tests skipped: {browser_unavailable_reason()}"
    ),
    pytest.mark.slow,  # a real Chromium and a served cabinet per test
]
DEMO_CALLS = Path(__file__).resolve().parents[1] / "src" / "callscout" / "demo" / "data" / "calls"


def test_upload_calls_see_kpis_and_rate_a_recording(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    owner = accounts.create_user(store, "owner", "correct horse")
    evaluation = workspace.add_vendor(workspace.new_evaluation("Магазин", 6000), {"name": "ГолосПро"})
    evaluation_id = store.save_evaluation(evaluation)
    accounts.grant(store, owner.id, evaluation_id, Role.OWNER)
    recording = tmp_path / "call.wav"
    recording.write_bytes(synth.to_wav_bytes(synth.voice(5.0, 16000, seed=2), 16000))
    with running_cabinet(store, tmp_path / "reports") as base_url, browser_page() as page:
        page.goto(f"{base_url}/e/{evaluation_id}")
        page.fill("input[name=login]", "owner")
        page.fill("input[name=password]", "correct horse")
        page.click("button[type=submit]")
        page.click("text=Звонки и показатели")
        page.set_input_files("#upload input[type=file]", str(DEMO_CALLS / "golospro-cabinet.csv"))
        page.click("#upload button[type=submit]")
        page.wait_for_selector("text=Импортировано звонков", timeout=30000)
        offered = page.inner_text("[data-kpi=offered]")
        assert int(offered) > 0
        assert page.locator("#charts img").count() >= 3
        # Every chart image arrives and is drawn (the CSP allows the cabinet's own images only).
        page.wait_for_function(
            "() => [...document.querySelectorAll('#charts img')].every(i => i.complete && i.naturalWidth > 0)",
            timeout=30000,
        )

        page.goto(f"{base_url}/e/{evaluation_id}/recordings")
        page.click("#forms button[type=submit]")  # the example scorecard form
        page.set_input_files("#recordings input[type=file]", str(recording))
        page.click("#recordings button[type=submit]")
        page.wait_for_selector("[data-verdict]")
        assert page.locator("audio").count() == 1
        for code in ("greeting", "answer_speed", "needs", "order_confirmed", "no_pressure", "farewell"):
            page.select_option(f"select[name=item_{code}]", "yes")
        page.fill("input[name=item_product_knowledge]", "90")
        page.click("#scorecard button[type=submit]")
        page.wait_for_selector("#grades .ok")
        assert "owner" in page.inner_text("#grades .ok")
    store.close()
