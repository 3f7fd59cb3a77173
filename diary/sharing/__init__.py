"""Sharing the diary: share codes and invitations, care links, and the access log."""
