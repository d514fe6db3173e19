from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from kiosk.models import KioskDevice, hash_token


def test_admin_shows_a_new_devices_token_once(client, centre):
    admin = get_user_model().objects.create_superuser("root", "root@example.jo", "pw-root-123")
    client.force_login(admin)
    response = client.post(
        "/admin/kiosk/kioskdevice/add/",
        {
            "centre": centre.pk,
            "name": "Hall kiosk 1",
            "is_active": "on",
            "print_mode": "browser",
            "printer": "",
        },
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "?device=" in str(m)]
    token = message.split("?device=")[1]
    device = KioskDevice.objects.get()
    assert device.token_hash == hash_token(token)
    assert token in message.split(" — ")[0]  # the token itself, shown once, before the link
