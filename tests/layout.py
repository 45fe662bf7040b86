"""The project's apps, found where they are: a register added as an app of its own is checked
by every test that walks the apps, with no list here to update."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def project_app_configs() -> list:
    """The installed apps whose code is the project's own, in the order of `INSTALLED_APPS`."""
    return [config for config in apps.get_app_configs() if is_ours(Path(config.path))]


def is_ours(path: Path) -> bool:
    return path.is_relative_to(ROOT) and not {".venv", "site-packages"} & set(path.parts)


def project_app_labels() -> set[str]:
    return {config.label for config in project_app_configs()}


def register_app_labels() -> list[str]:
    """The apps that declare a register (a `register.py` of their own)."""
    return [config.label for config in project_app_configs() if (Path(config.path) / "register.py").exists()]


def top_level_packages() -> list[str]:
    """The project's importable packages: `helsinki_intl` and each register app."""
    return sorted({config.name.split(".")[0] for config in project_app_configs()})
