"""Site-wide admin screens: the failed background tasks (home/task_admin.py), in the Settings
menu for those who may see them, and the permission to do so offered in the groups' editor."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from core import tasks

from . import task_admin

task_urlpatterns = [
    path("", task_admin.FailedTasksView.as_view(), name="failed"),
    path("<str:result_id>/retry/", task_admin.RetryView.as_view(), name="retry"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("failed-tasks/", include((task_urlpatterns, "task_admin"), namespace="task_admin"))]


class FailedTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return tasks.may_see_failed_tasks(request.user)


@hooks.register("register_settings_menu_item")
def failed_tasks_menu_item():
    return FailedTasksMenuItem(_("Failed tasks"), reverse("task_admin:failed"), icon_name="warning", order=900)


@hooks.register("register_permissions")
def task_permissions():
    app_label, codename = tasks.PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
