from django.urls import reverse


def test_pages_are_in_simplified_chinese_by_default(client, alice):
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert "校园安全防范工作平台" in page
    assert 'lang="zh-CN"' in page


def test_a_user_switches_to_english_and_keeps_it_on_another_device(client, alice, django_user_model):
    client.force_login(alice)
    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("home")})
    alice.refresh_from_db()
    assert alice.language == "en"
    client.cookies.clear()
    client.force_login(alice)
    assert "Campus Safety Portal" in client.get(reverse("home")).content.decode()


def test_the_language_switch_refuses_an_offsite_redirect(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"})
    assert response.url == "/"


def test_an_unknown_language_changes_nothing(client, alice):
    client.force_login(alice)
    client.post(reverse("accounts:language"), {"language": "xx"})
    alice.refresh_from_db()
    assert alice.language == "zh-hans"
