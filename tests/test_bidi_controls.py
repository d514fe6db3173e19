"""Bidirectional controls typed into names, references and messages are taken out on input,
so "gnp.exe" can never be shown as "exe.png", and pages isolate every text people typed."""

import re

import pytest
from django.contrib.auth import get_user_model

from feedback import services
from feedback.models import CitizenRequest, ImprovementAction
from nafitha.text import strip_bidi_controls
from tests.conftest import make_staff

RLO, PDF, RLI, PDI, LRM, RLM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e", "\u200f"
CONTROLS = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def test_names_lose_every_control_and_prose_keeps_only_the_marks():
    assert strip_bidi_controls(f"{RLO}gnp.exe{PDF} {LRM}{RLM}") == "gnp.exe "
    assert strip_bidi_controls(CONTROLS + "ok") == "ok"
    assert strip_bidi_controls(f"{RLI}سعر{PDI} 5 JD{RLM}.", keep_marks=True) == f"سعر 5 JD{RLM}."


@pytest.mark.django_db
def test_a_complaint_is_stored_without_controls(client):
    response = client.post(
        "/api/v1/feedback/requests/",
        {
            "kind": "complaint",
            "body": f"The file {RLO}gnp.exe{PDF} was refused{RLM}.",
            "name": f"{RLO}adoH{PDF}{LRM}",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    req = CitizenRequest.objects.get()
    assert req.body == f"The file gnp.exe was refused{RLM}."
    assert req.contact.name == "adoH"


@pytest.mark.django_db
def test_a_reference_with_controls_still_finds_its_request(client):
    reference = services.request_submit(kind="inquiry", body="Opening hours in Ramadan?").reference
    typed = f"{LRM}{RLO}{reference}{PDF}"
    assert client.get(f"/api/v1/feedback/requests/{typed}/").status_code == 200


@pytest.mark.django_db
def test_staff_answers_and_improvements_are_stored_without_controls(client, centre):
    manager = make_staff("maha", centre, role="manager")
    req = services.request_submit(
        kind="complaint", body="Nobody answered the phone.", centre=centre
    )
    client.force_login(manager.user)

    client.post(f"/complaints/manage/{req.reference}/answer/", {"answer": f"{RLO}Fixed{PDF}."})
    client.post(
        "/feedback/improvements/",
        {"title": f"{RLO}More seats{PDF}", "description": f"{RLI}Ten{PDI} more"},
    )

    req.refresh_from_db()
    assert req.answer == "Fixed."
    action = ImprovementAction.objects.get(centre=centre)
    assert (action.title, action.description) == ("More seats", "Ten more")


@pytest.mark.django_db
def test_pages_isolate_what_people_typed(client, centre):
    manager = make_staff("maha", centre, role="manager")
    req = services.request_submit(kind="complaint", body="Too long a wait today.", centre=centre)
    services.request_answer(request=req, answer="We added a counter.", by=manager.user)

    status_page = client.get(f"/complaints/{req.reference}/?lang=en").content.decode()
    client.force_login(manager.user)
    detail_page = client.get(f"/complaints/manage/{req.reference}/").content.decode()

    assert 'dir="auto">We added a counter.</div>' in status_page
    assert 'dir="auto">Too long a wait today.</div>' in detail_page
    assert 'dir="auto">We added a counter.</div>' in detail_page


@pytest.mark.django_db
def test_staff_names_edited_in_the_admin_lose_controls(client, centre):
    alice = make_staff("alice", centre)
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    user = alice.user
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "alice",
            "first_name": f"{RLO}ecilA{PDF}",
            "last_name": f"{LRM}Haddad{RLM}",
            "email": "",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "initial-date_joined_0": "2026-01-01",
            "initial-date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("ecilA", "Haddad")
    client.force_login(user)
    html = client.get("/counter/amman/").content.decode()
    assert re.search(r'class="whoami"[^>]*dir="auto"[^>]*>ecilA Haddad<', html), re.findall(
        r"whoami.{0,120}", html
    )
