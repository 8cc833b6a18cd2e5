app_name = "tipoffs"

urlpatterns = []
