from django.shortcuts import get_object_or_404

from .models import Notification, Preference


def notifications_for_user(user):
    return Notification.objects.filter(recipient=user)


def notification_for_user(user, pk):
    return get_object_or_404(notifications_for_user(user), pk=pk)


def unread_count(user):
    return notifications_for_user(user).filter(read_at__isnull=True).count()


def preference_of(user):
    return Preference.objects.filter(user=user).first() or Preference(user=user)
