import pytest

from notifications.tasks import run_sweep


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, settings):
    """Run a sweep as beat would, with its delivery tasks run eagerly once the claim commits."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from campus_safety.celery import app

    app.conf.task_always_eager = True

    def _run(name):
        with django_capture_on_commit_callbacks(execute=True):
            return run_sweep(name)

    yield _run
    app.conf.task_always_eager = False
