"""A small centre at work: alice idle at counter 1, bob at counter 2 with a called ticket,
counter 3 closed, dave free, one waiting ticket; plus one log-in per role."""

import dataclasses
import os

import pytest
from django.test import Client

from queueing import engine
from queueing.models import Counter, Ticket
from staff.models import Staff
from tests.conftest import make_centre, make_staff


@dataclasses.dataclass
class World:
    centre: object
    counters: dict[int, Counter]
    staff: dict[str, Staff]
    waiting: Ticket
    called: Ticket

    def client(self, role: str) -> Client:
        """A browser session for one role: anonymous, agent, supervisor, manager, analyst, outsider."""
        client = Client()
        if role != "anonymous":
            client.force_login(self.staff[role].user)
        return client


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Creating users is most of a test's setup time with the production password hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def in_memory_channel_layer(request, settings):
    """Our own in-memory layer, unless a test is marked `redis` (then REDIS_URL's server)."""
    if request.node.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL")
        if not url:
            pytest.skip("needs REDIS_URL")
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_timeout": None}],
                    "prefix": "nafitha-test-counters",
                },
            }
        }
    else:
        settings.REDIS_URL = ""
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def world(centre, counter, counter2, alice, bob, sam, passport, licence) -> World:
    counter3 = Counter.objects.create(centre=centre, number=3)
    engine.counter_open(counter=counter, staff=alice)
    engine.counter_open(counter=counter2, staff=bob)
    called = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    engine.ticket_call_next(counter=counter2, staff=bob)
    waiting = engine.ticket_issue(centre=centre, service_codes=[passport.code]).ticket
    irbid = make_centre("irbid", name_en="Irbid", name_ar="إربد")
    staff = {
        "agent": alice,
        "bob": bob,
        "dave": make_staff("dave", centre),
        "supervisor": sam,
        "manager": make_staff("mona", centre, role=Staff.Role.MANAGER),
        "analyst": make_staff("nadia", None, role=Staff.Role.ANALYST),
        "outsider": make_staff("omar", irbid, role=Staff.Role.SUPERVISOR),
    }
    called.refresh_from_db()
    return World(centre, {1: counter, 2: counter2, 3: counter3}, staff, waiting, called)
