"""``make screenshots``: the cabinet's main pages on the demo evaluation, as PNG files in screenshots/."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from callscout import accounts, evalfile
from callscout.demo import demo_evaluation_path, demo_sites_path
from callscout.store import Store
from callscout.web.testing import browser_page, browser_unavailable_reason, running_cabinet
from callscout.web_audit.siteserver import SiteServer


def main(out_dir: Path) -> int:
    reason = browser_unavailable_reason()
    if reason:
        print(f"screenshots skipped: {reason}", file=sys.stderr)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        store = Store(f"sqlite:///{Path(work) / 'shots.db'}")
        user = accounts.create_user(store, "demo", "demo password", display_name="Анна", is_admin=True)
        evaluation_id = store.save_evaluation(evalfile.load(demo_evaluation_path()))
        accounts.grant(store, user.id, evaluation_id, accounts.Role.OWNER)
        with (
            SiteServer(demo_sites_path()) as sites,
            running_cabinet(store, Path(work) / "reports", host_overrides=sites.overrides) as base,
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
        store.close()
    print(f"screenshots written to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")))
