from django.urls import path

from .views import posters, public, triage

app_name = "tipoffs"

urlpatterns = [
    # Public, no login: the form a school's QR code opens, and following a case by its key.
    path("tip-off/follow/", public.tipoff_follow, name="follow"),
    path("tip-off/<slug:token>/", public.tipoff_file, name="file"),
    # The bureau's triage.
    path("tip-offs/", triage.tipoff_list, name="list"),
    path("tip-offs/<int:pk>/", triage.tipoff_detail, name="detail"),
    path("tip-offs/<int:pk>/note/", triage.tipoff_note, name="note"),
    path("tip-offs/<int:pk>/dismiss/", triage.tipoff_dismiss, name="dismiss"),
    path("tip-offs/<int:pk>/hazard/", triage.tipoff_make_hazard, name="make_hazard"),
    path("tip-off-photos/<int:pk>/", triage.tipoff_photo, name="photo"),
    # Posters with the QR code.
    path("tip-off-posters/", posters.poster_list, name="posters"),
    path("schools/<int:pk>/tip-off-poster/", posters.poster, name="poster"),
]
