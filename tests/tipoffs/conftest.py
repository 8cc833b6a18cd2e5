import pytest
from captcha.models import CaptchaStore
from django.urls import reverse

from tests.factories import photo
from tipoffs import services


@pytest.fixture(autouse=True)
def _english(client, monkeypatch):
    """Pages in English, so the tests read the messages as written: the public pages follow the
    browser, a logged-in user's pages the language saved on the account."""
    from django.contrib.auth import get_user_model

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    monkeypatch.setattr(get_user_model()._meta.get_field("language"), "default", "en")


def human_check():
    """A solved sum, as a person would post it: simple-captcha keeps the answer in its CaptchaStore row."""
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def report(**fields):
    """What the public form posts: a hazard with a description, solved sum included."""
    return {"kind": "hazard", "description": "二楼楼梯扶手松动，学生上下楼很危险", "location": "教学楼二楼",
            "reporter_name": "", "reporter_phone": "", **human_check(), **fields}  # fmt: skip


def file_tip_off(school, *, name="周举报", phone="13811112222", photos=(), **fields):
    """A tip-off filed through the service, as the public form files it; returns `services.Filed`."""
    values = {"kind": "hazard", "description": "食堂操作间灭火器过期", "location": "食堂操作间", **fields}
    return services.tipoff_file(
        school=school, reporter_name=name, reporter_phone=phone, photos=photos, **values
    )


@pytest.fixture
def form_url(school):
    return reverse("tipoffs:file", kwargs={"token": services.link_for(school=school).token})


@pytest.fixture
def filed(school):
    """A named tip-off with a photo about `school`."""
    return file_tip_off(school, photos=[photo()])
