app_name = "accountability"

urlpatterns = []
