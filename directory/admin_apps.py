from django.contrib.admin.apps import AdminConfig


class DirectoryAdminConfig(AdminConfig):
    """django.contrib.admin on the directory's own site: its name in every page's header
    and title, and a home page of the work waiting (admin_site.py)."""

    default_site = "directory.admin_site.DirectoryAdminSite"
