"""The web app (gradio). Handlers only call App services; every text a user reads is Chinese."""

from ..app import apply_privacy_env

apply_privacy_env()  # before gradio is imported anywhere: no analytics, no version check, no hub calls
