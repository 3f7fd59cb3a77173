"""The installable app: Web App Manifest, service worker and the offline page."""
