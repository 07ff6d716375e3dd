"""The web app (gradio). Handlers only call App services; every text a user reads is Chinese."""
