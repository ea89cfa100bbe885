"""The inbox: my messages only, marked read when opened."""

from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify


def _note(user, key, url=""):
    return notify(
        recipient=user, kind=Notification.Kind.GENERAL, title=f"通知{key}", body="内容", url=url, dedup_key=key
    )


def test_inbox_lists_only_my_messages_with_new_ones_marked(vclient, world):
    _note(world.volunteer, "mine")
    _note(world.leader, "theirs")
    html = vclient.get(reverse("portal:inbox")).content.decode()
    assert "通知mine" in html and "通知theirs" not in html
    assert "未读" in html


def test_opening_a_message_marks_it_read_and_follows_its_link(vclient, world, activity):
    note = _note(world.volunteer, "promoted", url=f"/me/activities/{activity.pk}/")
    response = vclient.post(reverse("portal:inbox_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == f"/me/activities/{activity.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_not_followed(vclient, world):
    note = _note(world.volunteer, "odd", url="https://example.com/phish")
    response = vclient.post(reverse("portal:inbox_read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("portal:inbox")


def test_someone_elses_message_is_not_found(vclient, world):
    theirs = _note(world.leader, "theirs")
    assert vclient.post(reverse("portal:inbox_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(vclient, world):
    for key in ("a", "b"):
        _note(world.volunteer, key)
    vclient.post(reverse("portal:inbox_read_all"))
    assert not Notification.objects.filter(recipient=world.volunteer, read_at__isnull=True).exists()
