"""Benchmarks of the hot paths, on a throwaway database (SQLite by default, or DATABASE_URL).

    make bench                      # or: .venv/bin/python bench/run.py --members 20000
    scripts/with-services.sh .venv/bin/python bench/run.py   # on PostgreSQL

Builds a street-sized world with bulk inserts, then times the queries staff pages and the API
run most: the roster with "contacted this quarter", contact coverage, volunteers with their
confirmed hours, and sign-ups through the locking service. Prints one line per measurement.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=20000)
    parser.add_argument("--volunteers", type=int, default=5000)
    parser.add_argument("--records-per-volunteer", type=int, default=10)
    parser.add_argument("--communities", type=int, default=40)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp()
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    if connection.vendor == "postgresql":
        # Never touch a real database: work in a fresh one next to it.
        from django.db import connections

        name = f"bench_{int(time.time())}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        connections["default"].settings_dict["NAME"] = name
        connections["default"].close()
    call_command("migrate", verbosity=0)

    from accounts.models import User
    from activities.models import Activity, ServiceRecord, ServiceType
    from activities.services import signup_create
    from community.models import Community, District, Street
    from community.scoping import Role
    from members.models import ContactLog, Member
    from volunteers.models import Volunteer

    def timed(label: str, fn, repeat: int = 5):
        runs, queries = [], 0
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - start)
            queries = len(ctx.captured_queries)
        print(f"{label:<58} median {statistics.median(runs) * 1000:8.1f} ms  ({queries} queries, {connection.vendor})")

    t0 = time.perf_counter()
    street = Street.objects.create(district=District.objects.create(name="基准区"), name="基准街道")
    communities = Community.objects.bulk_create(
        [Community(street=street, name=f"社区{i}") for i in range(args.communities)]
    )
    today = timezone.localdate()
    Member.objects.bulk_create(
        [
            Member(
                name=f"成员{i}",
                community=communities[i % len(communities)],
                birth_date=datetime.date(1950, 1, 1) + datetime.timedelta(days=i % 5000),
            )
            for i in range(args.members)
        ],
        batch_size=2000,
    )
    member_ids = list(Member.objects.values_list("pk", flat=True))
    ContactLog.objects.bulk_create(
        [
            ContactLog(member_id=pk, contacted_on=today - datetime.timedelta(days=(pk * 7) % 150))
            for pk in member_ids
            for _ in range(2)
        ],
        batch_size=5000,
    )
    Volunteer.objects.bulk_create(
        [
            Volunteer(
                name=f"志愿者{i}",
                community=communities[i % len(communities)],
                volunteer_number=f"B{i:09d}",
                calendar_token=f"t{i}",
            )
            for i in range(args.volunteers)
        ],
        batch_size=2000,
    )
    volunteer_ids = list(Volunteer.objects.values_list("pk", "community_id"))
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                volunteer_id=pk,
                community_id=cid,
                date=today - datetime.timedelta(days=n * 9),
                hours=Decimal("2.5"),
                status="confirmed",
            )
            for pk, cid in volunteer_ids
            for n in range(args.records_per_volunteer)
        ],
        batch_size=5000,
    )
    print(
        f"world: {args.members} members, {args.volunteers} volunteers, {args.volunteers * args.records_per_volunteer} records in {time.perf_counter() - t0:.1f} s"
    )

    staff = User.objects.create(
        username="bench-staff", role=Role.COMMUNITY_STAFF, community=communities[0], street=street
    )
    street_staff = User.objects.create(username="bench-street", role=Role.STREET_STAFF, street=street)

    timed(
        "roster page: 50 members with contacted-this-quarter",
        lambda: list(Member.objects.visible_to(staff).with_contact_status()[:50]),
    )
    timed("quarterly contact coverage, one community", lambda: Member.objects.visible_to(staff).contact_coverage())
    timed(
        "quarterly contact coverage, whole street", lambda: Member.objects.visible_to(street_staff).contact_coverage()
    )
    timed(
        "not contacted this quarter, whole street (count)",
        lambda: Member.objects.visible_to(street_staff).not_contacted_in_quarter().count(),
    )
    timed(
        "volunteer list: 50 with confirmed hours",
        lambda: list(Volunteer.objects.visible_to(staff).with_hours().order_by("-confirmed_hours")[:50]),
    )
    timed("one volunteer's confirmed hours", lambda: Volunteer.objects.get(pk=volunteer_ids[0][0]).confirmed_hours)

    service_type = ServiceType.objects.first()
    start = timezone.now() + datetime.timedelta(days=5)
    activity = Activity.objects.create(
        title="基准活动",
        service_type=service_type,
        street=street,
        community=communities[0],
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=100,
        status="published",
    )
    pool = list(Volunteer.objects.filter(community=communities[0])[:100])
    durations = []
    for volunteer in pool:
        t = time.perf_counter()
        signup_create(activity=activity, volunteer=volunteer, by_user=staff)
        durations.append(time.perf_counter() - t)
    print(
        f"{'signup_create (locked count + insert), ' + str(len(pool)) + ' sign-ups':<58} median {statistics.median(durations) * 1000:8.1f} ms"
    )


if __name__ == "__main__":
    main()
