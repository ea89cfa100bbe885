import datetime

import pytest
from django.utils import timezone

from tests.factories import ActivityFactory


@pytest.fixture
def vclient(client, world):
    """A browser session of the world's volunteer (李志愿 of 泉韵社区, member of 五老红)."""
    client.force_login(world.volunteer)
    return client


@pytest.fixture
def activity(world):
    return ActivityFactory(
        title="周六义剪",
        community=world.community,
        team=world.team,
        capacity=2,
        address="泉韵社区老党员之家",
        what_to_bring="围裙",
        start=timezone.now() + datetime.timedelta(days=3),
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The world makes seven logins; the real hasher would spend most of each test on them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
