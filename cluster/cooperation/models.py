"""A post is what one member offers to, or looks for from, the other members of the cluster;
a reply is another member's answer to it. Posts are open until their member closes them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import Area

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 5000
REPLY_MAX_LENGTH = 3000


class Post(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        NEED = "need", _("Need")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    member = models.ForeignKey("cluster.Member", on_delete=models.CASCADE,
                               related_name="cooperation_posts", verbose_name=_("member"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("text"), max_length=BODY_MAX_LENGTH)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)  # sector slugs
    area = models.CharField(_("area"), max_length=16, choices=Area.choices, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cooperation post")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="coop_post_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies",
                             verbose_name=_("post"))
    member = models.ForeignKey("cluster.Member", on_delete=models.CASCADE,
                               related_name="cooperation_replies", verbose_name=_("member"))
    body = models.TextField(_("text"), max_length=REPLY_MAX_LENGTH)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.post_id}"
