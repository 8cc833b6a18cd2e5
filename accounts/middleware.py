from django.utils import translation


class UserLanguageMiddleware:
    """Show a logged-in user's pages in the language saved on their account.

    LocaleMiddleware has already chosen from the URL, cookie or browser; a saved preference wins so
    that a user gets the same language on every device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
