"""The dashboard's figures are read once a minute per campaign and bureau, then again."""

import time_machine
from django.urls import reverse

from tests.factories import CampaignFactory, hazard


def _total_hazards(client, campaign):
    return client.get(reverse("reports:dashboard", args=[campaign.pk])).context["summary"]


def test_figures_are_shared_for_a_minute_then_read_again(client, bob, inspector, school):
    campaign = CampaignFactory(bureau=school.bureau)
    client.force_login(bob)
    with time_machine.travel("2026-05-24 09:00 +0800", tick=False):
        first = _total_hazards(client, campaign)
        hazard(school, campaign=campaign)
        client.force_login(inspector)  # another person of the same bureau gets the same figures
        assert _total_hazards(client, campaign).now == first.now
    with time_machine.travel("2026-05-24 09:01:01 +0800", tick=False):
        assert _total_hazards(client, campaign).now != first.now


def test_a_second_visit_within_the_minute_skips_the_aggregates(
    client, bob, school, django_assert_max_num_queries
):
    campaign = CampaignFactory(bureau=school.bureau)
    client.force_login(bob)
    client.get(reverse("reports:dashboard", args=[campaign.pk]))
    with django_assert_max_num_queries(6):
        client.get(reverse("reports:dashboard", args=[campaign.pk]))
