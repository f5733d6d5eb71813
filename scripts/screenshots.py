"""``make screenshots``: the cabinet's main pages on the demo evaluation, as PNG files in screenshots/."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from callscout import accounts, evalfile
from callscout.demo import demo_evaluation_path, demo_sites
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet


def main(out_dir: Path) -> int:
    reason = browser_unavailable_reason()
    if reason:
        print(f"screenshots skipped: {reason}", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        store = Store(f"sqlite:///{Path(work) / 'shots.db'}")
        user = accounts.create_user(store, "demo", "demo password", display_name="Анна", is_admin=True)
        evaluation = evalfile.load(demo_evaluation_path())
        evaluation_id = store.save_evaluation(evaluation)
        accounts.grant(store, user.id, evaluation_id, accounts.Role.OWNER)
        with (
            demo_sites(evaluation) as sites,
            running_cabinet(
                store, Path(work) / "reports", host_overrides=sites.overrides, trusted_ca=sites.trusted_ca
            ) as base,
            browser_page(viewport={"width": 1280, "height": 900}) as page,
        ):
            page.goto(base + "/login")
            page.screenshot(path=str(out_dir / "01-login.png"), full_page=True)
            page.fill("input[name=login]", "demo")
            page.fill("input[name=password]", "demo password")
            page.click("button[type=submit]")
            page.wait_for_selector("h1")
            page.screenshot(path=str(out_dir / "02-evaluations.png"), full_page=True)
            page.goto(f"{base}/e/{evaluation_id}")
            page.screenshot(path=str(out_dir / "03-evaluation.png"), full_page=True)
            page.click("#reports button[type=submit]")
            page.wait_for_selector("#reports [data-job-state=done]", timeout=120_000)  # built in the background
            page.goto(f"{base}/e/{evaluation_id}/report/report.html?inline=1")
            page.screenshot(path=str(out_dir / "04-report.png"), full_page=True)
            page.goto(f"{base}/e/{evaluation_id}/audits/ГолосПро")
            page.click("#progress button[type=submit]")
            page.wait_for_selector("#progress button:has-text('Проверить снова')", timeout=60_000)
            page.screenshot(path=str(out_dir / "05-website-audit.png"), full_page=True)
            page.goto(f"{base}/e/{evaluation_id}/economics")
            page.screenshot(path=str(out_dir / "06-economics.png"), full_page=True)
            page.goto(f"{base}/e/{evaluation_id}/ranking")
            page.fill("input[name='group:economics']", "60")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out_dir / "07-ranking.png"), full_page=True)
            _calls_and_recordings(store, page, base, evaluation_id, out_dir, Path(work))
        store.close()
    print(f"screenshots written to {out_dir}")
    return 0


def _calls_and_recordings(store: Store, page: object, base: str, evaluation_id: int, out_dir: Path, work: Path) -> None:
    """The calls dashboard with a trial of the two demo vendors, the recordings page and one recording."""
    from callscout.audio import synth
    from callscout.calls.storage import CallStore
    from callscout.store.ownership import vendor_ref

    calls = CallStore(store)
    folder = demo_evaluation_path().parent / "calls"
    for name, vendor in (("golospro-cabinet.csv", "ГолосПро"), ("linia24-queue_log.txt", "Линия 24")):
        owner = vendor_ref(store, evaluation_id, vendor)
        calls.import_file(folder / name, evaluation_id=evaluation_id, vendor_id=owner.id, if_exists="skip")
    page.goto(f"{base}/e/{evaluation_id}/calls?vendor=ГолосПро&compare=ГолосПро&compare=Линия 24")
    page.screenshot(path=str(out_dir / "08-calls.png"), full_page=True)
    recording = work / "звонок.wav"
    voice = synth.voice(8.0, 16000, seed=4)
    recording.write_bytes(synth.to_wav_bytes(synth.mix_at_snr(voice, synth.white_noise(8.0, 16000), 12.0), 16000))
    page.goto(f"{base}/e/{evaluation_id}/recordings")
    page.click("#forms button[type=submit]")
    page.set_input_files("#recordings input[type=file]", str(recording))
    page.click("#recordings button[type=submit]")
    page.wait_for_selector("[data-verdict]")
    page.screenshot(path=str(out_dir / "10-recording.png"), full_page=True)
    page.goto(f"{base}/e/{evaluation_id}/recordings")
    page.screenshot(path=str(out_dir / "09-recordings.png"), full_page=True)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
