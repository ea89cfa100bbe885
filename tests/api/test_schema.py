"""The OpenAPI contract: it validates without warnings, describes every resource, serves
Swagger UI from local assets, and the API it describes never answers with a 5xx, whatever
schemathesis sends (signed in as staff, and anonymously)."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text()
    for path in [
        "/api/v1/members/{id}/contact-status/",
        "/api/v1/signups/{id}/check-in/",
        "/api/v1/activities/{id}/confirm-hours/",
        "/api/v1/volunteers/{volunteer_id}/records/",
        "/api/v1/auth/token/",
        "/api/v1/me/",
    ]:
        assert f"  {path}:" in text, path
    assert "SignUpStatusEnum" in text
    assert "Error:" in text


def test_swagger_ui_is_served_from_local_assets(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/") for asset in assets), assets
    assert "jsdelivr" not in html and "unpkg" not in html
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")


@pytest.fixture
def wsgi_in_test_transaction():
    """Call the WSGI app inside the test's transaction: Django would otherwise close the
    connection at the end of each request (the test client disconnects the same handlers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz(schema, headers: dict, before_call=lambda: None) -> tuple[list[int], list[str]]:
    """Run a few generated requests per operation; return every status, and the requests
    that gave a 5xx."""
    statuses: list[int] = []
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=3,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            from django.core.cache import cache

            cache.clear()  # the throttles must not hide the endpoints behind 429s
            before_call()
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        check()
    return statuses, failures


@pytest.mark.django_db
def test_no_request_gets_a_server_error(world, places, wsgi_in_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_in_test_transaction)
    key = Token.objects.create(user=world.staff).key

    def keep_token():  # DELETE /auth/token/ is among the operations: bring the token back
        Token.objects.get_or_create(user=world.staff, defaults={"key": key})

    staff_statuses, staff_failures = _fuzz(schema, {"Authorization": f"Token {key}"}, keep_token)
    anonymous_statuses, anonymous_failures = _fuzz(schema, {})
    assert staff_failures == [] and anonymous_failures == []
    # It did reach the endpoints: signed in, most answers are not 401s; anonymously, most are.
    assert len(staff_statuses) > 150
    assert sum(status < 400 for status in staff_statuses) > 50
    assert sum(status == 401 for status in anonymous_statuses) > len(anonymous_statuses) / 2
