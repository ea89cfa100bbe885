"""The staff workspace in Debian's Chromium, in Chinese, on a live server: the three daily jobs
of a community staff member, end to end.

1. On a laptop: find a member not contacted this quarter, log a contact, see the coverage change.
2. On a laptop: create a weekly recurring activity and see its occurrences in the calendar.
3. On a tablet: check two volunteers in on the sheet and confirm their hours.

A screenshot of every page visited goes to test-artefacts/<test name>/, and axe-core checks
each one for accessibility violations (contrast, labels, headings, names of controls).
"""

from __future__ import annotations

import datetime
import os
import re

import pytest
from django.conf import settings
from django.utils import timezone

from activities.models import ActivitySeries, ServiceRecord, ServiceType, SignUp
from members.models import ContactLog
from tests.factories import ActivityFactory, ContactLogFactory, MemberFactory, VolunteerFactory

AXE = os.path.join(settings.BASE_DIR, "static", "vendor", "axe-core", "axe.min.js")
LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 1024, "height": 768}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


class Visit:
    """Opens pages and keeps a numbered screenshot of each."""

    def __init__(self, page, base: str, directory: str):
        self.page, self.base, self.directory = page, base, directory
        self.count = 0

    def shot(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_timeout(250)  # let button and modal transitions finish before the picture
        self.count += 1
        self.page.screenshot(path=os.path.join(self.directory, f"{self.count:02d}-{name}.png"), full_page=True)
        self.page.add_script_tag(path=AXE)
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert violations == [], (name, violations)

    def log_in(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base}/accounts/login/")
        self.shot("login")
        page.get_by_label("用户名或手机号码").fill(username)
        page.get_by_label("密码").fill("demo12345")
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{self.base}/")


@pytest.fixture
def browse(chromium, live_server, screenshot_dir, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    contexts = []

    def open_page(viewport: dict, **options) -> Visit:
        context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Visit(context.new_page(), live_server.url, screenshot_dir)

    yield open_page
    for context in contexts:
        context.close()


def test_staff_finds_a_member_not_contacted_logs_a_contact_and_sees_coverage_change(browse, world):
    contacted = MemberFactory(community=world.community, name="周德华")
    ContactLogFactory(member=contacted)
    MemberFactory(community=world.community, name="陈秀英")
    MemberFactory(community=world.community, name="吴卫东")
    MemberFactory(community=world.neighbour, name="外社区党员")

    visit = browse(LAPTOP)
    page = visit.page
    visit.log_in("staff")
    assert page.get_by_test_id("coverage-count").inner_text() == "1 / 3"
    visit.shot("dashboard-before")

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="离退休党员").click()
    page.wait_for_url(re.compile(r".*/members/$"))
    assert page.get_by_role("link", name="外社区党员").count() == 0
    visit.shot("roster")

    page.get_by_label("本季度已联系").select_option(label="否")  # the filter submits itself
    page.wait_for_url(re.compile(r".*contacted=no.*"))
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert page.get_by_role("link", name="周德华").count() == 0
    visit.shot("roster-not-contacted")

    rows.filter(has_text="陈秀英").get_by_role("link", name="登记联系").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("电话联系").click()
    dialog.get_by_label("交流内容").fill("电话问候，身体还好，想参加重阳节活动。")
    visit.shot("contact-dialog")
    dialog.get_by_role("button", name="保存联系记录").click()
    page.wait_for_url(re.compile(r".*contacted=no.*"))
    page.get_by_text("已登记").first.wait_for()
    assert page.get_by_role("link", name="陈秀英").count() == 0
    assert page.locator("tbody tr").count() == 1
    visit.shot("roster-after-contact")

    log = ContactLog.objects.get(member__name="陈秀英")
    assert (log.method, log.contacted_by) == ("call", world.staff)

    page.get_by_role("link", name="工作台").first.click()
    page.wait_for_url(f"{visit.base}/")
    assert page.get_by_test_id("coverage-count").inner_text() == "2 / 3"
    assert page.get_by_test_id("coverage-percent").inner_text() == "67%"
    visit.shot("dashboard-after")


def test_staff_creates_a_weekly_series_and_sees_it_in_the_calendar(browse, world):
    ServiceType.objects.get_or_create(code="haircut", defaults={"name": "义剪", "name_en": "Free haircuts"})
    visit = browse(LAPTOP)
    page = visit.page
    visit.log_in("staff")

    page.get_by_role("link", name="活动日历").first.click()
    page.wait_for_url(re.compile(r".*/activities/calendar/.*"))
    visit.shot("calendar-empty")
    page.get_by_role("link", name="新建周期活动").click()
    page.wait_for_url(re.compile(r".*/activities/series/new/$"))

    page.get_by_label("标题").fill("老党员之家义剪")
    page.get_by_label("服务类型").select_option(label="义剪")
    page.get_by_label("组织服务队").select_option(label="五老红")
    page.get_by_text("每周", exact=True).click()
    page.get_by_text("周三", exact=True).click()
    page.get_by_text("周六", exact=True).click()
    page.get_by_label("开始时间").fill("09:00")
    page.get_by_label("名额").fill("12")
    visit.shot("series-form")
    page.get_by_role("button", name="创建并加入日历").click()
    page.wait_for_url(re.compile(r".*/activities/calendar/\?date=.*"))
    assert "已生成" in page.locator("#messages").inner_text()

    series = ActivitySeries.objects.get(title="老党员之家义剪")
    assert series.rrule == "FREQ=WEEKLY;BYDAY=WE,SA"
    occurrences = list(series.occurrences.order_by("start"))
    assert len(occurrences) >= 15
    first = timezone.localtime(occurrences[0].start)
    # The month grid runs from the Monday before the 1st to the Sunday after the last day.
    month_first = first.date().replace(day=1)
    grid_start = month_first - datetime.timedelta(days=month_first.weekday())
    grid_end = grid_start + datetime.timedelta(weeks=6)
    expected = sum(1 for a in occurrences if grid_start <= timezone.localtime(a.start).date() < grid_end)
    month_events = page.locator("a.cal-event", has_text="老党员之家义剪")
    assert month_events.count() == expected
    day_cell = page.locator(f'td[data-date="{first:%Y-%m-%d}"]')
    assert "09:00" in day_cell.inner_text()
    visit.shot("calendar-month")

    page.get_by_role("link", name="周", exact=True).click()
    page.wait_for_url(re.compile(r".*view=week.*"))
    week_events = page.locator("a.cal-event", has_text="老党员之家义剪")
    assert 1 <= week_events.count() <= 2
    visit.shot("calendar-week")

    page.get_by_role("link", name="下一个").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("a.cal-event", has_text="老党员之家义剪").count() == 2  # a full week: Wednesday and Saturday
    visit.shot("calendar-next-week")

    week_events = page.locator("a.cal-event", has_text="老党员之家义剪")
    week_events.first.click()
    page.wait_for_url(re.compile(r".*/activities/\d+/$"))
    assert "周期活动" in page.content()
    visit.shot("occurrence")


def test_staff_checks_two_volunteers_in_on_a_tablet_and_confirms_their_hours(browse, world):
    service_type, _ = ServiceType.objects.get_or_create(code="haircut", defaults={"name": "义剪"})
    now = timezone.now()
    activity = ActivityFactory(
        title="老党员之家义剪",
        service_type=service_type,
        community=world.community,
        team=world.team,
        address="泉韵社区老党员之家",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    first = SignUp.objects.create(
        activity=activity, volunteer=VolunteerFactory(community=world.community, name="赵建国"), status="confirmed"
    )
    second = SignUp.objects.create(
        activity=activity, volunteer=VolunteerFactory(community=world.community, name="钱秀兰"), status="confirmed"
    )

    visit = browse(TABLET, has_touch=True)
    page = visit.page
    visit.log_in("staff")
    page.goto(f"{visit.base}/activities/{activity.pk}/")
    visit.shot("activity")
    page.get_by_role("link", name="签到表").first.click()
    page.wait_for_url(re.compile(r".*/checkin/$"))
    assert page.get_by_test_id("checked-in-count").inner_text() == "0"
    visit.shot("checkin-sheet")

    for name in ("赵建国", "钱秀兰"):
        row = page.get_by_test_id("checkin-row").filter(has_text=name)
        button = row.get_by_role("button", name="签到")
        box = button.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 96, box  # big enough for a finger
        button.tap()
        row.get_by_role("button", name="签退").wait_for()
    assert page.get_by_test_id("checked-in-count").inner_text() == "2"
    visit.shot("checked-in")

    page.get_by_test_id("checkin-row").filter(has_text="赵建国").get_by_role("button", name="签退").tap()
    page.get_by_test_id("checkin-row").filter(has_text="赵建国").get_by_text("已完成").wait_for()
    visit.shot("checked-out")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.checked_in_at and first.checked_out_at and second.checked_in_at and not second.checked_out_at

    page.get_by_role("link", name="确认时长").first.tap()
    page.wait_for_url(re.compile(r".*/hours/$"))
    hours_first = page.get_by_label("时长 赵建国")
    hours_second = page.get_by_label("时长 钱秀兰")
    assert hours_second.input_value() == "2"  # not checked out: the planned two hours are proposed
    hours_first.fill("1.5")  # corrected by hand
    page.get_by_label("服务人次").fill("25")
    visit.shot("hours")
    page.get_by_role("button", name="确认时长").tap()
    page.wait_for_url(re.compile(rf".*/activities/{activity.pk}/$"))
    assert "已为 2 名志愿者确认时长，共 3.5 小时" in page.locator("#messages").inner_text()
    visit.shot("hours-confirmed")

    records = dict(ServiceRecord.objects.filter(activity=activity).values_list("volunteer__name", "hours"))
    assert {name: float(h) for name, h in records.items()} == {"赵建国": 1.5, "钱秀兰": 2.0}
    assert set(ServiceRecord.objects.filter(activity=activity).values_list("status", flat=True)) == {"confirmed"}
