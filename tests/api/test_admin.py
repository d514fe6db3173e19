import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def admin_client_user(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", password="pw-root-2026"))
    return client


def test_it_shows_the_admin_in_arabic_by_default(admin_client_user):
    page = admin_client_user.get("/admin/").content.decode()
    assert 'dir="rtl"' in page
    assert "English" in page


def test_it_switches_the_admin_to_english(admin_client_user):
    admin_client_user.post("/i18n/setlang/", {"language": "en", "next": "/admin/"})
    page = admin_client_user.get("/admin/").content.decode()
    assert 'lang="en"' in page
    assert "Registry services" in page
