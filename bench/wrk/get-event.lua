-- wrk script: the public event page read, GET /v1/events/{id}.
wrk.path = "/v1/events/" .. os.getenv("EVENT")
