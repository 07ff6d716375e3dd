"""The web app (gradio). Handlers only call App services; every text a user reads is Chinese."""

import os

# Before gradio is imported anywhere: no analytics, no version check, no hub calls.
for _key, _value in {"GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}.items():
    os.environ.setdefault(_key, _value)
