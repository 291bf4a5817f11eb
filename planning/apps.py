from __future__ import annotations

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = "Care planning"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import User
        from .user_cache import retire_on_write

        # Every saved or deleted user row retires its cached copy (planning/user_cache.py says why).
        post_save.connect(retire_on_write, sender=User, dispatch_uid="planning.user_cache.saved")
        post_delete.connect(retire_on_write, sender=User, dispatch_uid="planning.user_cache.deleted")
