from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import random_upload_path


class ExportKind(models.TextChoices):
    WORKBOOK = "workbook", _("Campaign workbook")
    SUMMARY = "summary", _("Campaign summary report")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Build failed")  # not "Failed": that is an inspection result (不合格)
    EXPIRED = "expired", _("Expired")


# What a finished file is, by kind: the ASCII name's extension and the download's content type.
FILE_TYPES = {
    ExportKind.WORKBOOK: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ExportKind.SUMMARY: ("pdf", "application/pdf"),
}


class ExportJob(models.Model):
    """A campaign workbook or summary report built in the background for one bureau user.

    The file is stored under a random name and deleted after `expires_at` (`services.exports_expire`).
    `worker` is the claim: the token of the worker building the file, so that a second delivery of the
    task cannot build it twice and a worker whose claim was taken over cannot finish it.
    """

    campaign = models.ForeignKey(
        "plans.Campaign", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("kind of export"), max_length=20, choices=ExportKind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE,
        related_name="export_jobs",
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=10, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=random_upload_path("exports"), blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    worker = models.CharField(_("claimed by worker"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Moved forward with every progress update: a running job whose heartbeat stopped lost its worker.
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self):
        return f"{self.campaign} · {self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def extension(self):
        return FILE_TYPES[self.kind][0]

    @property
    def content_type(self):
        return FILE_TYPES[self.kind][1]

    @property
    def ascii_filename(self):
        """The name for clients that cannot read a UTF-8 `filename*`."""
        return f"campaign-{self.campaign_id}-{self.kind}.{self.extension}"

    @property
    def is_finished(self):
        return self.state in (ExportState.DONE, ExportState.FAILED, ExportState.EXPIRED)

    def is_expired(self, now=None):
        if self.state == ExportState.EXPIRED:
            return True
        return (
            self.state == ExportState.DONE
            and self.expires_at is not None
            and self.expires_at <= (now or timezone.now())
        )
