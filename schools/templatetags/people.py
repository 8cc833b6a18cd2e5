"""`{% load people %}`: `{{ person.user.phone|account_phone:membership }}` (see schools.personal_data)."""

from django import template

from schools import personal_data

register = template.Library()


@register.filter
def account_phone(phone, membership):
    return personal_data.account_phone(phone, membership)
