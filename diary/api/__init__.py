"""The JSON API (v1): personal access tokens, the patient's diary and a physiotherapist's
read-only view of linked patients, described by an OpenAPI document."""
