#!lua name=boxoffice_ratelimit
-- Token buckets shared by every server, one atomic function call per take (no compare-and-swap
-- to retry when many servers take from one bucket at once). The generic cell rate algorithm keeps
-- one number per bucket, the theoretical arrival time (tat): the bucket is whole again at tat, and
-- each token taken pushes it one emission interval (period / count) later. A take is allowed while
-- tat stays within one period of now. Times are microseconds, decided by the caller.

-- KEYS: the bucket. ARGV: now, count, period.
-- Returns {allowed (1 or 0), tokens left, microseconds until the next token, until whole}, the
-- durations as strings.
redis.register_function('ratelimit_take', function(keys, args)
  local now, count, period = tonumber(args[1]), tonumber(args[2]), tonumber(args[3])
  local interval = period / count
  local tat = math.max(tonumber(redis.call('GET', keys[1]) or now), now)
  local after = tat + interval
  local allowed = after - now <= period
  if allowed then
    tat = after
    redis.call('SET', keys[1], string.format('%.17g', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
  end
  local left = math.floor((now + period - tat) / interval)
  local next = allowed and 0 or (after - now - period)
  return { allowed and 1 or 0, left, string.format('%.0f', next), string.format('%.0f', tat - now) }
end)
