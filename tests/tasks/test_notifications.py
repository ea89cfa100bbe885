"""Channels (email, WeChat Work webhook), preferences, delivery once per channel, and the inbox API."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from rest_framework.test import APIClient

from notifications.models import Notification, NotificationPreference
from notifications.services import notify
from notifications.tasks import deliver_notification
from tests.factories import UserFactory

from .conftest import inbox


class RobotHandler(BaseHTTPRequestHandler):
    """A stand-in for the WeChat Work group robot, on loopback."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))
        self.server.paths.append(self.path)
        answer = self.server.answers.pop(0) if self.server.answers else {"errcode": 0, "errmsg": "ok"}
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings, world):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RobotHandler)
    server.received, server.answers, server.paths = [], [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFICATION_CHANNELS = ["email", "webhook"]
    # 泉韵社区's staff group; the platform-wide robot is for people without a community.
    world.community.webhook_url = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=test"
    world.community.save()
    settings.WECHAT_WORK_WEBHOOK_URL = f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=street"
    settings.NOTIFICATION_WEBHOOK_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def make_notification(user, key="k1", kind=Notification.Kind.GENERAL) -> Notification:
    return Notification.objects.create(recipient=user, kind=kind, title="季度联系提醒", body="甲、乙", dedup_key=key)


def test_notify_stores_once_and_emails_after_commit(world, django_capture_on_commit_callbacks):
    world.staff.email = "staff@example.org"
    world.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=world.staff, kind="general", title="标题", body="正文", url="/x/", dedup_key="same")
        again = notify(recipient=world.staff, kind="general", title="标题", body="正文", url="/x/", dedup_key="same")
    assert first is not None and again is None
    assert len(inbox(world.staff)) == 1
    [email] = mail.outbox
    assert email.to == ["staff@example.org"] and email.subject == "标题"
    assert "http://127.0.0.1:8000/x/" in email.body
    first.refresh_from_db()
    assert "email" in first.deliveries


def test_email_and_webhook_each_deliver_once(world, robot):
    world.staff.email = "staff@example.org"
    world.staff.save()
    notification = make_notification(world.staff)
    assert deliver_notification.apply(args=[notification.pk]).get() == ["email", "webhook"]
    assert deliver_notification.apply(args=[notification.pk]).get() == []  # a duplicated message
    assert len(mail.outbox) == 1
    [message] = robot.received
    assert message["msgtype"] == "text"
    assert "季度联系提醒" in message["text"]["content"] and "甲、乙" in message["text"]["content"]
    assert set(Notification.objects.get(pk=notification.pk).deliveries) == {"email", "webhook"}


def test_a_failed_webhook_is_tried_again_without_resending_email(world, robot):
    world.staff.email = "staff@example.org"
    world.staff.save()
    robot.answers.append({"errcode": 45009, "errmsg": "api freq out of limit"})
    notification = make_notification(world.staff)
    # Run inline (no broker), a failure never breaks the caller; the inbox has the message.
    assert deliver_notification.apply(args=[notification.pk]).get() == ["email"]
    assert deliver_notification.apply(args=[notification.pk]).get() == ["webhook"]
    assert len(mail.outbox) == 1 and len(robot.received) == 2


def test_unreachable_webhook_is_a_retryable_failure(world, settings):
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    world.community.webhook_url = "http://127.0.0.1:9/unreachable"
    world.community.save()
    notification = make_notification(world.staff)
    assert deliver_notification.apply(args=[notification.pk]).get() == []
    assert Notification.objects.get(pk=notification.pk).deliveries == {}


def test_preferences_choose_channels_and_mute_kinds(world, robot):
    world.staff.email = "staff@example.org"
    world.staff.save()
    NotificationPreference.objects.create(user=world.staff, channels=["webhook"], muted_kinds=["birthday"])
    assert deliver_notification.apply(args=[make_notification(world.staff, "a").pk]).get() == ["webhook"]
    muted = make_notification(world.staff, "b", kind=Notification.Kind.BIRTHDAY)
    assert deliver_notification.apply(args=[muted.pk]).get() == []
    assert mail.outbox == []


def test_no_email_without_an_address_and_none_for_inactive_users(world):
    assert deliver_notification.apply(args=[make_notification(world.staff).pk]).get() == []
    gone = UserFactory(email="gone@example.org", is_active=False)
    assert deliver_notification.apply(args=[make_notification(gone, "g").pk]).get() == []
    assert mail.outbox == []


# --- The inbox API ----------------------------------------------------------------------------


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_inbox_lists_only_my_notifications_with_the_same_queries_for_many(world, django_assert_max_num_queries):
    mine = make_notification(world.volunteer, "mine")
    theirs = make_notification(world.staff, "theirs")
    client = api(world.volunteer)
    # session/auth aside: count + page of notifications.
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/notifications/")
    assert [n["id"] for n in response.json()["results"]] == [mine.pk]
    for n in range(20):
        make_notification(world.volunteer, f"more{n}")
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/notifications/").json()["count"] == 21
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_one_and_all(world):
    first = make_notification(world.volunteer, "1")
    make_notification(world.volunteer, "2")
    make_notification(world.volunteer, "3")
    other = make_notification(world.staff, "4")
    client = api(world.volunteer)
    response = client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}
    assert [n["id"] for n in client.get("/api/v1/notifications/?unread=false").json()["results"]] == [first.pk]
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_inbox_needs_a_login(db):
    assert APIClient().get("/api/v1/notifications/").status_code == 401


def test_preferences_api(world, settings):
    settings.NOTIFICATION_CHANNELS = ["email"]
    client = api(world.volunteer)
    assert client.get("/api/v1/notifications/preferences/").json() == {
        "channels": ["email"],
        "muted_kinds": [],
        "available_channels": [{"name": "email", "label": "电子邮件"}],
    }
    response = client.put(
        "/api/v1/notifications/preferences/", {"channels": [], "muted_kinds": ["activity_reminder"]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert NotificationPreference.objects.get(user=world.volunteer).muted_kinds == ["activity_reminder"]
    bad = client.patch("/api/v1/notifications/preferences/", {"channels": ["sms"]}, format="json")
    assert bad.status_code == 400
    assert "sms" in bad.json()["error"]["fields"]["channels"][0]
    bad_kind = client.patch("/api/v1/notifications/preferences/", {"muted_kinds": ["nope"]}, format="json")
    assert bad_kind.status_code == 400


def test_each_community_has_its_own_work_group_and_volunteers_are_not_posted(world, robot):
    """One community's residents are never named in another community's group."""
    deliver_notification.apply(args=[make_notification(world.staff, "ours").pk])
    deliver_notification.apply(args=[make_notification(world.neighbour_staff, "theirs").pk])  # no robot of their own
    deliver_notification.apply(args=[make_notification(world.volunteer, "volunteer").pk])
    deliver_notification.apply(args=[make_notification(world.street_staff, "street").pk])
    assert [path.rsplit("key=", 1)[1] for path in robot.paths] == ["test", "street"]
