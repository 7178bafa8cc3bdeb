"""Deployment hardening: security headers and login throttling."""
