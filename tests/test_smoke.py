import pytest

from members.models import Member


@pytest.mark.django_db
def test_home_page_offers_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "登录" in response.content.decode() or "Log in" in response.content.decode()


def test_world_staff_sees_only_own_community(world):
    from tests.factories import MemberFactory

    mine = MemberFactory(community=world.community)
    MemberFactory(community=world.neighbour)
    assert list(Member.objects.visible_to(world.staff)) == [mine]
