"""Small helpers shared by the API tests."""

from __future__ import annotations


def ids(response) -> set[int]:
    """The ids on the first page of a list response (which must be a 200)."""
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def error(response) -> dict:
    """The body of an error response, in the one shape of the API."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    return body["error"]
