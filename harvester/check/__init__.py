"""Checking whether catalogued repositories still exist (`harvest check`).

One module per concern, in the order a check flows through them:

    select.py          which repositories are due (staleness, status, forge, limit)
    runner.py          the run: worker pool, jobs, stop signals, summary
    github_graphql.py  GitHub GraphQL: 100 repositories per query
    github_rest.py     GitHub REST: one repository per request, conditional on the ETag
    git_probe.py       GitHub without a token: the git smart-HTTP ref advertisement
    http_probe.py      other forges: is the repository's page there
    probe.py           what the probers share (target, result, interface)
    retry.py           sending with retries and backoff (the only place that decides to try again)
    ratelimit.py       primary and secondary rate limits, shared by all workers on a host
    client.py          HTTP: timeouts, size caps, same-origin redirects, the token kept to the API host
    forges.py          base URLs and request URLs (built from owner/name, never from catalog URLs)
    status.py          the status model
    record.py          writing results: history rows, current status, moved repositories
"""
