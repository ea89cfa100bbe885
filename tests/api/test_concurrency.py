"""Sign-up capacity under concurrent requests, on PostgreSQL (SQLite serialises writers, so
it cannot show a race): 30 volunteers sign up at once for 5 places."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from activities.models import SignUp
from community.scoping import Role
from tests.factories import ActivityFactory, UserFactory, VolunteerFactory

THREADS = 30
PLACES = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_sign_ups_for_five_places(api, world):
    activity = ActivityFactory(community=world.community, team=world.team, capacity=PLACES)
    users = [UserFactory(role=Role.VOLUNTEER, community=world.community) for _ in range(THREADS)]
    for user in users:
        VolunteerFactory(community=world.community, user=user)
    clients = [api(user) for user in users]
    start = threading.Barrier(THREADS)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def sign_up(client):
        try:
            start.wait()
            response = client.post("/api/v1/signups/", {"activity": activity.pk}, format="json")
            with lock:
                answers.append((response.status_code, response.json().get("status", "")))
        finally:
            connection.close()  # each thread has its own connection; give it back

    threads = [threading.Thread(target=sign_up, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == sorted([(201, "confirmed")] * PLACES + [(201, "waitlisted")] * (THREADS - PLACES))
    signups = SignUp.objects.filter(activity=activity)
    assert signups.filter(status="confirmed").count() == PLACES
    assert signups.filter(status="waitlisted").count() == THREADS - PLACES

    # A confirmed volunteer cancels: the first on the waiting list moves up, nobody else.
    first_waiting = signups.filter(status="waitlisted").order_by("queued_at", "pk").first()
    leaving = signups.filter(status="confirmed").select_related("volunteer__user").first()
    cancelled = api(leaving.volunteer.user).post(f"/api/v1/signups/{leaving.pk}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    first_waiting.refresh_from_db()
    assert first_waiting.status == "confirmed"
    assert signups.filter(status="confirmed").count() == PLACES
    assert signups.filter(status="waitlisted").count() == THREADS - PLACES - 1
    positions = api(world.staff).get("/api/v1/signups/", {"activity": activity.pk, "status": "waitlisted"}).json()
    assert sorted(row["waitlist_position"] for row in positions["results"]) == list(range(1, THREADS - PLACES))
