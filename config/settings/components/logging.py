"""Logging: the application log and the security log are kept apart (the security log is structured)."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "chidao.common.logging.MaskPersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "chidao": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "chidao.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
