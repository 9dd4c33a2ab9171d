"""Getting a page to a patient: the page cache, the fail-open Redis cache, security headers, client
addresses behind the proxy, origin checks, middleware, error pages and the small views (quick
exit, robots, healthz).
"""
