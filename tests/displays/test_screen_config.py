import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model

from displays.models import DisplayScreen
from displays.state import display_snapshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_filters_the_snapshot_to_the_screens_departments(centre, passport, licence, licensing):
    screen = DisplayScreen.objects.create(centre=centre, slug="licensing", name="Licensing")
    screen.departments.add(licensing)
    snapshot = display_snapshot(centre, screen.config())
    assert list(snapshot["services"]) == ["licence-renewal"]
    assert [d["code"] for d in snapshot["departments"]] == ["licensing"]


@pytest.mark.asyncio
async def test_it_pushes_a_saved_configuration_to_open_screens(
    socket, centre, passport, licence, licensing
):
    screen = await database_sync_to_async(DisplayScreen.objects.create)(
        centre=centre, slug="hall-b", name="Hall B"
    )

    @database_sync_to_async
    def save_in_admin():
        from django.test import Client

        admin = get_user_model().objects.create_superuser("root-admin", password="x")
        browser = Client()
        browser.force_login(admin)
        response = browser.post(
            f"/admin/displays/displayscreen/{screen.pk}/change/",
            {
                "centre": centre.pk,
                "slug": "hall-b",
                "name": "Hall B",
                "departments": [licensing.pk],
                "languages": "en",
                "layout": "calls",
                "recent_calls": 4,
                "announce": "on",
            },
        )
        assert response.status_code == 302, response.content

    async with socket("/ws/display/amman/screen/hall-b/") as ws:
        first = await ws.receive_json_from()
        await save_in_admin()
        pushed = await ws.receive_json_from(timeout=3)
    assert first["config"]["languages"] == ["ar", "en"]
    assert pushed["type"] == "snapshot"
    assert pushed["config"]["departments"] == ["licensing"]
    assert pushed["config"]["languages"] == ["en"]
    assert pushed["config"]["layout"] == "calls"
    assert list(pushed["services"]) == ["licence-renewal"]
