"""The web app served at `/`: static files (HTML, CSS, JavaScript modules), no build step."""
