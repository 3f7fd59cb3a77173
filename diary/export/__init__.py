"""Before the appointment: the PDF summary, CSV and JSON exports, and the JSON import."""
