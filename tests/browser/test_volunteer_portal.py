"""A volunteer on a phone (360×740, Debian's Chromium): logs in, signs up for an activity,
sees it in the schedule, cancels it, and walks through every other volunteer page.

On every page it checks the elder-friendly rules (MIIT 适老化): body text ≥ 18 px with line
height ≥ 1.3, primary buttons ≥ 60×60 px, other controls ≥ 44×44 px, no sideways scrolling
at 360 px nor with the text enlarged to 150 % (WeChat care mode), and axe-core finds no
violation. Screenshots and the measured figures go to test-artefacts/<test name>/.
"""

from __future__ import annotations

import datetime
import json
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from activities.models import ServiceRecord, ServiceType, SignUp
from notifications.models import Notification
from tests.factories import ActivityFactory

AXE = os.path.join(settings.BASE_DIR, "static", "vendor", "axe-core", "axe.min.js")
PHONE = {"width": 360, "height": 740}

# What the page measures about itself: the smallest text, line height and controls it shows.
MEASURE = """
() => {
  const px = (v) => parseFloat(v);
  const shown = (e) => {
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && r.right > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const ownText = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const texts = [...document.body.querySelectorAll('*')].filter(
    (e) => !['SCRIPT', 'STYLE', 'svg', 'path', 'OPTION'].includes(e.tagName) && shown(e) && ownText(e)
  );
  const fonts = texts.map((e) => px(getComputedStyle(e).fontSize));
  const ratios = texts
    .filter((e) => !['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName))
    .map((e) => {
      const cs = getComputedStyle(e);
      const lh = cs.lineHeight === 'normal' ? 1.2 * px(cs.fontSize) : px(cs.lineHeight);
      return lh / px(cs.fontSize);
    });
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return { text: (e.textContent || e.value || e.name || '').trim().slice(0, 30), w: r.width, h: r.height };
  };
  const primary = [...document.querySelectorAll('.btn-primary')].filter(shown).map(box);
  const controls = [...document.querySelectorAll('a, button, input:not([type=hidden]), select')]
    .filter((e) => shown(e) && !e.classList.contains('skip') && !e.classList.contains('btn-primary'))
    .map(box);
  const body = getComputedStyle(document.body);
  return {
    bodyFont: px(body.fontSize),
    bodyLineHeight: px(body.lineHeight) / px(body.fontSize),
    minFont: Math.min(...fonts),
    minLineHeight: Math.min(...ratios),
    primary,
    controls,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}
"""


def _service_type() -> ServiceType:
    # A transactional test starts from an empty database (the migration's rows are flushed).
    service_type, _ = ServiceType.objects.get_or_create(code="haircut", defaults={"name": "义剪", "order": 1})
    return service_type


class Inspector:
    """Checks each page the volunteer sees and keeps what it measured."""

    def __init__(self, page, directory: str):
        self.page = page
        self.directory = directory
        self.figures: dict[str, dict] = {}

    def check(self, name: str) -> dict:
        page = self.page
        page.wait_for_load_state("load")
        number = len(self.figures) + 1
        page.screenshot(path=os.path.join(self.directory, f"{number:02d}-{name}.png"), full_page=True)
        figures = page.evaluate(MEASURE)
        assert figures["bodyFont"] >= 18, (name, figures["bodyFont"])
        assert figures["minFont"] >= 18, (name, "some text is smaller than 18 px", figures["minFont"])
        assert figures["bodyLineHeight"] >= 1.3 - 1e-6, (name, figures["bodyLineHeight"])
        assert figures["minLineHeight"] >= 1.3 - 1e-6, (name, figures["minLineHeight"])
        for button in figures["primary"]:
            assert button["w"] >= 60 and button["h"] >= 60, (name, "primary button below 60×60", button)
        for control in figures["controls"]:
            assert control["w"] >= 44 and control["h"] >= 44, (name, "control below 44×44", control)
        assert figures["overflow"] <= 0, (name, "scrolls sideways at 360 px", figures["overflow"])

        page.add_script_tag(path=AXE)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], v["impact"], [node["target"] for node in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], (name, violations)

        # WeChat care mode: the text one and a half times larger (18 px -> 27 px) must still fit.
        page.evaluate("() => { document.documentElement.style.fontSize = '27px'; }")
        enlarged = page.evaluate(MEASURE)
        page.screenshot(path=os.path.join(self.directory, f"{number:02d}-{name}-150pct.png"), full_page=False)
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
        assert enlarged["overflow"] <= 0, (name, "scrolls sideways with enlarged text", enlarged["overflow"])
        assert enlarged["bodyFont"] >= 26, (name, "text did not grow with the root font size")

        figures["axe_violations"] = len(violations)
        figures["overflow_at_150pct"] = enlarged["overflow"]
        figures["primary_min"] = [
            min((b["w"] for b in figures["primary"]), default=None),
            min((b["h"] for b in figures["primary"]), default=None),
        ]
        figures["controls_min"] = [
            min((c["w"] for c in figures["controls"]), default=None),
            min((c["h"] for c in figures["controls"]), default=None),
        ]
        self.figures[name] = {k: v for k, v in figures.items() if k not in ("primary", "controls")}
        return figures


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_signs_up_and_cancels_on_a_phone(chromium, live_server, world, screenshot_dir):
    service_type = _service_type()
    now = timezone.now()
    activity = ActivityFactory(
        title="周六义剪",
        service_type=service_type,
        community=world.community,
        team=world.team,
        capacity=5,
        address="泉韵社区老党员之家一楼",
        what_to_bring="围裙、毛巾",
        description="为 80 岁以上老人免费理发。",
        start=now + datetime.timedelta(days=3),
    )
    done = ActivityFactory(
        title="反诈宣传进小区",
        service_type=service_type,
        community=world.community,
        team=world.team,
        start=now - datetime.timedelta(days=7),
    )
    signup = SignUp.objects.create(activity=done, volunteer=world.volunteer_profile, status="confirmed")
    ServiceRecord.objects.create(
        volunteer=world.volunteer_profile,
        activity=done,
        signup=signup,
        community=world.community,
        service_type=service_type,
        date=timezone.localdate() - datetime.timedelta(days=7),
        place="泉韵社区广场",
        hours=Decimal("2.5"),
        status=ServiceRecord.Status.CONFIRMED,
    )
    soon = ActivityFactory(
        title="健康义诊",
        service_type=service_type,
        community=world.community,
        team=world.team,
        address="健康小屋",
        start=now + datetime.timedelta(minutes=30),
    )
    SignUp.objects.create(activity=soon, volunteer=world.volunteer_profile, status="confirmed")
    Notification.objects.create(
        recipient=world.volunteer,
        kind=Notification.Kind.ACTIVITY_REMINDER,
        title="明天的活动提醒：周六义剪",
        body="请带上围裙和毛巾。",
        url=f"/me/activities/{activity.pk}/",
        dedup_key="browser-test-reminder",
    )

    context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    check = Inspector(page, screenshot_dir)
    base = live_server.url
    try:
        page.goto(f"{base}/me/login/")
        check.check("login")
        page.get_by_label("手机号或用户名").fill("13800000001")
        page.get_by_label("密码").fill("demo12345")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{base}/me/")
        assert "李志愿，您好" in page.content()
        check.check("home")

        page.get_by_role("link", name="找活动报名").first.click()
        page.wait_for_url(f"{base}/me/activities/")
        check.check("find")
        page.get_by_role("link", name="查看并报名").first.click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/")
        check.check("activity")
        page.get_by_role("link", name="我要报名").click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/signup/")
        check.check("signup-confirm")
        page.get_by_role("button", name="确认报名").click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/")
        assert "报名成功" in page.content()
        check.check("signed-up")
        assert SignUp.objects.get(activity=activity, volunteer=world.volunteer_profile).status == "confirmed"

        page.goto(f"{base}/me/schedule/")
        schedule = page.locator("main")
        assert "周六义剪" in schedule.inner_text() and "已报名" in schedule.inner_text()
        check.check("schedule")

        page.get_by_role("link", name="周六义剪").click()
        page.get_by_role("link", name="取消报名").click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/cancel/")
        check.check("cancel-confirm")
        page.get_by_role("button", name="确认取消报名").click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/")
        assert "已取消报名" in page.content()
        assert SignUp.objects.get(activity=activity, volunteer=world.volunteer_profile).status == "cancelled"
        page.goto(f"{base}/me/schedule/")
        assert "周六义剪" not in page.locator("main").inner_text()

        page.goto(f"{base}/me/record/")
        assert "2.5" in page.locator("main").inner_text()
        check.check("record")
        page.goto(f"{base}/me/calendar/")
        check.check("calendar")
        page.goto(f"{base}/me/certificates/")
        check.check("certificates")
        page.get_by_role("button", name="开具证明").click()
        page.wait_for_url(f"{base}/me/certificates/*/")
        code = page.locator(".code").inner_text().strip()
        check.check("certificate")
        page.goto(f"{base}/me/inbox/")
        check.check("inbox")
        page.get_by_role("button", name="查看").first.click()
        page.wait_for_url(f"{base}/me/activities/{activity.pk}/")
        page.goto(f"{base}/me/password/")
        check.check("password")

        # On site: the QR code opens the check-in page.
        page.goto(f"{base}/checkin/{soon.checkin_token}/")
        check.check("checkin")
        page.get_by_role("button", name="立即签到").click()
        assert "签到成功" in page.content()
        check.check("checked-in")
        assert SignUp.objects.get(activity=soon, volunteer=world.volunteer_profile).checked_in_at is not None

        page.goto(f"{base}/verify/")
        check.check("verify")
        page.get_by_label("验证码").fill(code.lower())
        page.get_by_role("button", name="查验").click()
        assert "证明真实有效" in page.content()
        check.check("verify-genuine")
        page.goto(f"{base}/verify/FORGED000000/")
        assert "没有找到" in page.content()
        check.check("verify-forged")
    finally:
        with open(os.path.join(screenshot_dir, "figures.json"), "w", encoding="utf-8") as handle:
            json.dump(check.figures, handle, ensure_ascii=False, indent=2)
        context.close()
    assert len(check.figures) == 19
