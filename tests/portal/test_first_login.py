"""A temporary password from a first-login slip must be replaced before anything else."""

from volunteers.services import volunteer_reset_password


def test_slip_password_leads_to_the_password_page_until_changed(world, client):
    user, password = volunteer_reset_password(volunteer=world.volunteer_profile, by_user=world.staff)
    assert user.must_change_password
    response = client.post("/me/login/", {"username": user.username, "password": password})
    assert response.status_code == 302
    # Every page leads to the password page first, in plain words.
    response = client.get("/me/schedule/", follow=True)
    assert response.redirect_chain[-1][0] == "/me/password/"
    assert "密码" in response.content.decode()
    response = client.post(
        "/me/password/",
        {"old_password": password, "new_password1": "LiuYu-2026-秋", "new_password2": "LiuYu-2026-秋"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/me/schedule/").status_code == 200


def test_the_api_is_not_redirected(world, client):
    user, _password = volunteer_reset_password(volunteer=world.volunteer_profile, by_user=world.staff)
    client.force_login(user)
    assert client.get("/api/v1/me/").status_code == 200
