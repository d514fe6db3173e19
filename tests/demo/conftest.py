import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """The demo creates 14 users; the default hasher would make each seed take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed()
