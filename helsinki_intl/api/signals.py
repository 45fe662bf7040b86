"""A deactivated account's tokens end with it, and stay ended if the account is opened again."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .services import tokens_of_revoke


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="api.revoke_tokens_of_inactive")
def _revoke_tokens_of_inactive(sender, instance, **kwargs):
    if not instance.is_active:
        tokens_of_revoke(user=instance)
