"""工会工作台 core: data model, storage, validation, services, reports. No Qt here."""

__version__ = "0.1.0"
APP_NAME = "工会工作台"
