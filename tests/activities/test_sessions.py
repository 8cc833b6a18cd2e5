"""Recording an education session (R5.1): the form on a phone, its refusals, its photos and its page."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.enums import Topic
from activities.models import EducationSession
from plans.services import TransitionError
from schools.enums import Role
from tests.activities.conftest import session
from tests.factories import SchoolFactory, jpeg_upload, member, photo

CREATE = reverse("activities:session_create")


def _posted(**overrides):
    """What a safety officer sends; `None` leaves a field out."""
    data = {
        "date": "2026-05-19",
        "form": "class_meeting",
        "topics": ["epidemic", "drowning"],
        "title": "珍爱生命 预防溺水",
        "audience": "三年级各班",
        "participants": "128",
        "presenter": "李老师",
        "content": "观看防溺水教育片，讨论案例。",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_it_starts_with_today_and_the_campaign_under_way(client, alice, campaign):
    client.force_login(alice)
    form = client.get(CREATE).context["form"]
    assert form["date"].value() == date(2026, 5, 20)
    assert form["campaign"].value() == campaign.pk
    assert form["form"].value() == "class_meeting"


def test_it_records_a_session_with_its_topics_and_photos(client, alice, campaign):
    client.force_login(alice)
    photos = [jpeg_upload("a.jpg"), jpeg_upload("b.jpg", color="blue")]
    response = client.post(CREATE, {**_posted(campaign=campaign.pk), "photos": photos})
    recorded = EducationSession.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("activities:session_detail", args=[recorded.pk])
    assert (recorded.school, recorded.campaign, recorded.created_by) == (
        alice.membership.school,
        campaign,
        alice,
    )
    assert (recorded.date, recorded.participants, recorded.audience) == (date(2026, 5, 19), 128, "三年级各班")
    assert sorted(recorded.topics.values_list("topic", flat=True)) == ["drowning", "epidemic"]
    assert recorded.photos.count() == 2


def test_it_refuses_a_session_without_a_topic_and_keeps_what_was_typed(client, alice):
    client.force_login(alice)
    response = client.post(CREATE, _posted(topics=None))
    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["topics"]
    assert form["title"].value() == "珍爱生命 预防溺水"
    assert form["audience"].value() == "三年级各班"
    assert not EducationSession.objects.exists()


def test_it_says_the_photos_must_be_chosen_again_after_an_error(client, alice):
    client.force_login(alice)
    response = client.post(CREATE, {**_posted(participants="0"), "photos": [jpeg_upload()]})
    assert response.context["photos_lost"] is True
    assert list(response.context["form"].errors) == ["participants"]


def test_it_refuses_a_session_in_the_future(client, alice):
    client.force_login(alice)
    response = client.post(CREATE, _posted(date="2026-05-21"))
    assert response.context["form"].errors.as_data()["date"][0].code == "future"


def test_it_refuses_a_day_outside_the_chosen_campaign(client, alice, campaign):
    client.force_login(alice)
    response = client.post(CREATE, _posted(date="2026-05-10", campaign=campaign.pk))
    (error,) = response.context["form"].errors.as_data()["date"]
    assert error.code == "outside_campaign"
    assert "2026-05-15" in error.message and "2026-06-04" in error.message
    assert not EducationSession.objects.exists()


def test_it_refuses_a_file_that_is_not_a_photo(client, alice):
    client.force_login(alice)
    fake = SimpleUploadedFile("notes.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(CREATE, {**_posted(), "photos": [fake]})
    (error,) = response.context["form"].errors.as_data()["photos"]
    assert error.code == "bad_type" and error.message.startswith("notes.jpg")
    assert not EducationSession.objects.exists()


def test_a_school_not_yet_reopened_holds_online_classes_only(client, bureau):
    closed = SchoolFactory(bureau=bureau, reopened=False)
    officer = member(Role.SAFETY_OFFICER, closed)
    client.force_login(officer)
    form = client.get(CREATE).context["form"]
    assert [value for value, _label in form.fields["form"].choices] == ["online"]
    response = client.post(CREATE, _posted(form="lecture"))
    assert list(response.context["form"].errors) == ["form"]
    assert client.post(CREATE, _posted(form="online")).status_code == 302
    assert EducationSession.objects.get().form == "online"


def test_the_service_refuses_an_in_person_session_at_a_closed_school(bureau):
    closed = SchoolFactory(bureau=bureau, reopened=False)
    with pytest.raises(TransitionError):
        session(closed, form="lecture")


def test_the_service_refuses_a_campaign_that_does_not_cover_the_school(bureau, school, campaign):
    newcomer = SchoolFactory(bureau=bureau)  # created after the campaign: not covered
    with pytest.raises(TransitionError):
        session(newcomer, campaign=campaign)


@pytest.mark.parametrize("role", [Role.DUTY_STAFF, Role.BUREAU_ADMIN])
def test_only_the_principal_and_safety_officers_record(client, school, bureau, role):
    client.force_login(member(role, bureau if role == Role.BUREAU_ADMIN else school))
    assert client.get(CREATE).status_code == 403


def test_the_page_shows_the_session_to_duty_staff_and_the_bureau(client, school, alice, bob):
    recorded = session(school, by=alice, topics=["fire", "law"], title="消防安全进课堂")
    duty = member(Role.DUTY_STAFF, school)
    for user in (duty, bob):
        client.force_login(user)
        page = client.get(reverse("activities:session_detail", args=[recorded.pk])).content.decode()
        assert "消防安全进课堂" in page
        assert client.get(reverse("activities:session_detail", args=[recorded.pk])).context["topics"] == [
            Topic.FIRE.label,
            Topic.LAW.label,
        ]


def test_another_school_gets_404_for_the_session_and_its_photo(client, school, charlie):
    recorded = session(school, photos=[photo()])
    client.force_login(charlie)
    assert client.get(reverse("activities:session_detail", args=[recorded.pk])).status_code == 404
    photo_url = reverse("activities:session_photo", args=[recorded.photos.get().pk])
    assert client.get(photo_url).status_code == 404


def test_the_photo_is_served_as_a_jpeg_with_its_thumbnail(client, school, alice):
    recorded = session(school, photos=[photo()])
    client.force_login(alice)
    stored = recorded.photos.get()
    url = reverse("activities:session_photo", args=[stored.pk])
    full, thumb = client.get(url), client.get(url, {"thumb": "1"})
    assert full["Content-Type"] == thumb["Content-Type"] == "image/jpeg"
    assert b"".join(full.streaming_content) == stored.image.read()
    assert b"".join(thumb.streaming_content) == stored.thumbnail.read()
    assert stored.image.name != stored.thumbnail.name
