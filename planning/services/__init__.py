"""Writes that touch several rows, record an audit event, send mail or enqueue work, by area.

Each service is a keyword-only `<entity>_<action>` function that runs in one transaction and
writes its own audit entry (planning.services.people.audit_record).
"""
