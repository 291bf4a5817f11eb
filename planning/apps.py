from __future__ import annotations

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Care planning"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from django_otp.models import Device

        from .models import User
        from .user_cache import retire_device_on_write, retire_on_write

        # Every saved or deleted user row retires its cached copy (planning/user_cache.py says why),
        post_save.connect(retire_on_write, sender=User, dispatch_uid="planning.user_cache.saved")
        post_delete.connect(retire_on_write, sender=User, dispatch_uid="planning.user_cache.deleted")
        # and so does every saved or deleted second-factor device (a TOTP app, recovery codes).
        for model in apps.get_models():
            if issubclass(model, Device):
                uid = f"planning.user_cache.device.{model._meta.label_lower}"
                post_save.connect(retire_device_on_write, sender=model, dispatch_uid=f"{uid}.saved")
                post_delete.connect(retire_device_on_write, sender=model, dispatch_uid=f"{uid}.deleted")
