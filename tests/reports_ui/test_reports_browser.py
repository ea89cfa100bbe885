"""The statistics page in Debian's Chromium: the chart draws, the page passes axe-core, and a
staff member records an indicator through the form."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from reports.models import CommunityIndicator
from reports.services import statistics_recompute
from tests.reports_ui.test_reports_page import MONTH, make_month

AXE = os.path.join(settings.BASE_DIR, "static", "vendor", "axe-core", "axe.min.js")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def check(page, directory: str, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)
    page.add_script_tag(path=AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], (name, violations)


def test_staff_sees_the_chart_and_records_an_indicator(chromium, live_server, screenshot_dir, world, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_month(world.community, world.team, served=12, hours="2.5")
    statistics_recompute(month=MONTH)
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名或手机号码").fill("staff")
        page.get_by_label("密码").fill("demo12345")
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(f"{live_server.url}/")
        page.get_by_role("link", name="统计与指标").click()
        page.wait_for_url(f"{live_server.url}/reports/")
        assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-reports'))")
        check(page, screenshot_dir, "01-reports")

        page.get_by_label("指标", exact=True).select_option("disputes")
        page.get_by_label("数值").fill("3")
        page.get_by_role("button", name="保存指标").click()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("已保存").count() >= 1
        check(page, screenshot_dir, "02-indicator-saved")

        page.get_by_role("link", name="志愿者", exact=True).click()
        page.get_by_role("link", name="导出到全国志愿服务信息系统").click()
        page.wait_for_url(f"{live_server.url}/volunteers/national-export/")
        check(page, screenshot_dir, "03-national-export")
        page.get_by_label("服务起始日期").fill("2026-09-01")
        page.get_by_label("服务截止日期").fill("2026-09-30")
        with page.expect_download() as download:
            page.get_by_role("button", name="下载 Excel 文件").click()
        assert download.value.suggested_filename.endswith("20260901-20260930.xlsx")
        assert errors == []
    finally:
        context.close()
    assert CommunityIndicator.objects.get(community=world.community, kind="disputes").value == 3
