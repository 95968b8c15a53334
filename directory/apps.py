from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from directory.infra import checks  # noqa: F401 - registers the deploy checks
