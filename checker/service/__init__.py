"""The costcheck service: an HTTP server over the same pipeline the CLI runs.

``inputs -> resources -> priced estimate -> policy findings -> reports`` is the CLI's road
(:mod:`checker.pipeline`, :mod:`checker.policy`, :mod:`checker.report`); this package only adds
what a shared server needs around it: settings, storage, a shared price cache, metrics, logs,
authentication and the Terraform Cloud run task.
"""
