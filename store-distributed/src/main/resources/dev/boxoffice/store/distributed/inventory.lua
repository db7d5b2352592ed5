#!lua name=boxoffice_inventory
-- The inventory's decisions in Redis: the rules of core's EventLedger, one atomic function each, on
-- the keys of one event (all under the hash tag {event:ID}, so Redis Cluster keeps them together).
--
-- KEYS, in this order for every function:
--   1 stock   hash  cap:TYPE, held:TYPE, sold:TYPE for each ticket type; absent until loaded
--   2 users   hash  user -> tickets held or bought
--   3 holds   hash  hold id -> "user type quantity createdMillis expiresMillis"
--   4 expiry  zset  hold id, scored by expiresMillis
--   5 ended   hash  hold id -> "E|R|W user millis": holds that ended without an order (expired, released;
--                   or a pending order withdrawn, "W - endedMillis")
--   6 endedAt zset  hold id, scored by when it ended: the order in which ended holds are forgotten
--   7 orders  hash  hold id -> the order: completed holds and confirmed purchases
--   8 unrecorded hash  hold id -> the order: completed or confirmed, not yet in PostgreSQL
--   9 pending hash  reservation (a hold id) -> the order: a purchase accepted, not yet confirmed
--  10 sessions zset  the event's waiting room's live sessions: user, scored by when it ends (room.lua)
--  11 room    hash  the event's waiting room's state (room.lua): here, only its count of sessions
--                   ended by a purchase ('finished')
-- An order is "orderId createdMillis user type quantity". A pending order holds its tickets (held:TYPE)
-- and counts against its buyer's limit until the order pipeline confirms it (inventory_confirm) or
-- its server withdraws it (inventory_withdraw); it never expires.
-- Times are epoch milliseconds, decided by the caller (ARGV), never read from Redis's clock.
-- Fields are separated by spaces, which user ids, ticket type codes and ids never contain.

local STOCK, USERS, HOLDS, EXPIRY, ENDED, ENDED_AT, ORDERS, UNRECORDED, PENDING = 1, 2, 3, 4, 5, 6, 7, 8, 9
local SESSIONS, ROOM, NEXT = 10, 11, 12

-- Whether `user` may not take tickets now because the event sells through its waiting room
-- (`gated` is '1') and their session there is not live.
local function queued(keys, gated, user, now)
  if gated ~= '1' then
    return false
  end
  local ends = redis.call('ZSCORE', keys[SESSIONS], user)
  return not ends or tonumber(ends) <= now
end

-- Ends `user`'s session in the event's waiting room, if they have one: their purchase went through.
local function finish(keys, user)
  if redis.call('ZREM', keys[SESSIONS], user) == 1 then
    redis.call('HINCRBY', keys[ROOM], 'finished', 1)
  end
end

local function fields(text)
  local out = {}
  for part in string.gmatch(text, '%S+') do
    out[#out + 1] = part
  end
  return out
end

local function hold_of(keys, id)
  local text = redis.call('HGET', keys[HOLDS], id)
  if not text then
    return nil
  end
  local f = fields(text)
  return { user = f[1], type = f[2], qty = tonumber(f[3]), created = f[4], expires = f[5] }
end

local function change_user(keys, user, by)
  if redis.call('HINCRBY', keys[USERS], user, by) <= 0 then
    redis.call('HDEL', keys[USERS], user)
  end
end

-- Puts back `qty` held tickets of `type` that `user` will not buy.
local function give_back(keys, user, type, qty)
  redis.call('HINCRBY', keys[STOCK], 'held:' .. type, -qty)
  change_user(keys, user, -qty)
end

-- Sells `qty` held tickets of `type` as `order` (its text) under `id`, to be recorded in PostgreSQL.
local function sell_held(keys, id, type, qty, order)
  redis.call('HINCRBY', keys[STOCK], 'held:' .. type, -qty)
  redis.call('HINCRBY', keys[STOCK], 'sold:' .. type, qty)
  redis.call('HSET', keys[ORDERS], id, order)
  redis.call('HSET', keys[UNRECORDED], id, order)
end

-- Ends a live hold without an order ('E' expired or 'R' released) at now.
local function end_hold(keys, id, hold, how, now)
  redis.call('HDEL', keys[HOLDS], id)
  redis.call('ZREM', keys[EXPIRY], id)
  give_back(keys, hold.user, hold.type, hold.qty)
  redis.call('HSET', keys[ENDED], id, how .. ' ' .. hold.user .. ' ' .. hold.expires)
  redis.call('ZADD', keys[ENDED_AT], now, id)
end

-- Ends the holds due at now (at most `most` of them) and forgets holds that ended before
-- `forget_before`, if given; returns how many ended.
local function expire(keys, now, most, forget_before)
  local count = 0
  for _, id in ipairs(redis.call('ZRANGE', keys[EXPIRY], '-inf', now, 'BYSCORE', 'LIMIT', 0, most)) do
    local hold = hold_of(keys, id)
    if hold then
      end_hold(keys, id, hold, 'E', now)
      count = count + 1
    else
      redis.call('ZREM', keys[EXPIRY], id)
    end
  end
  if not forget_before then
    return count
  end
  local old = redis.call('ZRANGE', keys[ENDED_AT], '-inf', '(' .. forget_before, 'BYSCORE', 'LIMIT', 0, most)
  if #old > 0 then
    redis.call('HDEL', keys[ENDED], unpack(old))
    redis.call('ZREM', keys[ENDED_AT], unpack(old))
  end
  return count
end

-- ARGV: now, most, forgetBefore. Returns {how many holds ended}.
redis.register_function('inventory_expire', function(keys, args)
  return { expire(keys, tonumber(args[1]), tonumber(args[2]), tonumber(args[3])) }
end)

-- The ledger's refusal of `qty` tickets of `type` for `user` at now (args[1], after the holds due by
-- then end): {'limit', alreadyHeld}, {'sold_out', available}, or nil to go on. Forgetting ended
-- holds is left to the sweep (inventory_expire), off this busiest path.
local function refusal(keys, args, user, type, qty, limit, cap)
  expire(keys, tonumber(args[1]), tonumber(args[2]))
  local already = tonumber(redis.call('HGET', keys[USERS], user) or '0')
  if already + qty > limit then
    return { 'limit', already }
  end
  local counts = redis.call('HMGET', keys[STOCK], 'held:' .. type, 'sold:' .. type)
  local available = tonumber(cap) - tonumber(counts[1]) - tonumber(counts[2])
  if available < qty then
    return { 'sold_out', available }
  end
  return nil
end

-- Holds `qty` tickets of `type` for `user`: for a hold or a pending order.
local function take(keys, user, type, qty)
  redis.call('HINCRBY', keys[STOCK], 'held:' .. type, qty)
  redis.call('HINCRBY', keys[USERS], user, qty)
end

-- ARGV: now, most, forgetBefore, holdId, user, type, quantity, perUserLimit, expiresMillis, gated.
-- Returns {'absent'}, {'queue'} (no live session in the waiting room), {'unknown_type'},
-- {'limit', alreadyHeld}, {'sold_out', available} or {'held'}.
local function hold(keys, args)
  local now, id, user, type = tonumber(args[1]), args[4], args[5], args[6]
  local cap = redis.call('HGET', keys[STOCK], 'cap:' .. type)
  if not cap and redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  if queued(keys, args[10], user, now) then
    return { 'queue' }
  end
  if not cap then
    return { 'unknown_type' }
  end
  local qty, limit = tonumber(args[7]), tonumber(args[8])
  local refused = refusal(keys, args, user, type, qty, limit, cap)
  if refused then
    return refused
  end
  redis.call('HSET', keys[HOLDS], id, table.concat({ user, type, args[7], args[1], args[9] }, ' '))
  redis.call('ZADD', keys[EXPIRY], args[9], id)
  take(keys, user, type, qty)
  return { 'held' }
end
redis.register_function('inventory_hold', hold)

-- ARGV: how many arguments each hold has, then each hold's ARGV (inventory_hold's) in turn.
-- Decides the holds one after the other, as separate calls would, and returns each one's answer, or
-- {'error', message} for a hold that failed. The holds due by the latest hold's time end first, at
-- most `most` (the first hold's) for the whole batch, as if that hold had come first: every hold
-- after it sees them ended, as it would have.
redis.register_function('inventory_hold_many', function(keys, args)
  local arity = tonumber(args[1])
  if not arity or arity < 1 or (#args - 1) % arity ~= 0 then
    return redis.error_reply('ERR inventory_hold_many: ' .. (#args - 1) .. ' arguments in holds of ' .. args[1])
  end
  local holds, latest = {}, 0
  for first = 2, #args, arity do
    holds[#holds + 1] = { unpack(args, first, first + arity - 1) }
    latest = math.max(latest, tonumber(holds[#holds][1]))
  end
  if redis.call('EXISTS', keys[STOCK]) == 1 then
    expire(keys, latest, tonumber(holds[1][2]))
  end
  local answers = {}
  for i, one in ipairs(holds) do
    one[2] = '0' -- nothing more is due
    local ok, answer = pcall(hold, keys, one)
    answers[i] = ok and answer or { 'error', type(answer) == 'table' and answer.err or tostring(answer) }
  end
  return answers
end)

-- The answer for a hold that is not live for this user: how it ended, if it was theirs.
local function not_live(keys, id, user)
  local text = redis.call('HGET', keys[ENDED], id)
  if text then
    local f = fields(text)
    if f[2] == user then
      return { f[1] == 'E' and 'expired' or 'released', f[3] }
    end
  end
  return { 'not_found' }
end

-- The completed hold's order, as {'completed', orderId, createdMillis, user, type, quantity, repeated}.
local function order_of(keys, id, repeated)
  local order = redis.call('HGET', keys[ORDERS], id)
  if not order then
    return nil
  end
  local o = fields(order)
  return { 'completed', o[1], o[2], o[3], o[4], o[5], repeated }
end

-- ARGV: now, most, forgetBefore, holdId, user, orderId.
-- Returns the order ({'completed', ...}), {'expired', expiresMillis}, {'released'} or {'not_found'}.
redis.register_function('inventory_complete', function(keys, args)
  local now, id, user = tonumber(args[1]), args[4], args[5]
  local done = order_of(keys, id, 1)
  if done then
    return done[4] == user and done or { 'not_found' }
  end
  local hold = hold_of(keys, id)
  if not hold or hold.user ~= user then
    return not_live(keys, id, user)
  end
  if now >= tonumber(hold.expires) then
    -- As the ledger does: every due hold ends, this one for certain.
    expire(keys, now, tonumber(args[2]), tonumber(args[3]))
    if redis.call('HEXISTS', keys[HOLDS], id) == 1 then
      end_hold(keys, id, hold, 'E', now)
    end
    return { 'expired', hold.expires }
  end
  redis.call('HDEL', keys[HOLDS], id)
  redis.call('ZREM', keys[EXPIRY], id)
  sell_held(keys, id, hold.type, hold.qty, table.concat({ args[6], args[1], user, hold.type, hold.qty }, ' '))
  finish(keys, user)
  return order_of(keys, id, 0)
end)

-- ARGV: now, holdId, user. Returns {'released', type, quantity, createdMillis, expiresMillis},
-- {'completed', orderId}, {'ended'} or {'not_found'}.
redis.register_function('inventory_release', function(keys, args)
  local now, id, user = tonumber(args[1]), args[2], args[3]
  local done = order_of(keys, id, 1)
  if done and done[4] == user then
    return { 'completed', done[2] }
  end
  local hold = hold_of(keys, id)
  if hold and hold.user == user then
    if now >= tonumber(hold.expires) then
      end_hold(keys, id, hold, 'E', now)
      return { 'ended' }
    end
    end_hold(keys, id, hold, 'R', now)
    return { 'released', hold.type, hold.qty, hold.created, hold.expires }
  end
  return not_live(keys, id, user)[1] == 'not_found' and { 'not_found' } or { 'ended' }
end)

-- ARGV: holdId. The order of a completed hold is in PostgreSQL: no longer unrecorded.
redis.register_function('inventory_recorded', function(keys, args)
  return { redis.call('HDEL', keys[UNRECORDED], args[1]) }
end)

-- ARGV: now, holdId, soldInPostgres. PostgreSQL refused the completed hold's order (its type would
-- be over capacity, which only a Redis that lost state can decide): the sale is undone, the hold
-- ends as expired, and the type's sold count catches up with PostgreSQL's.
redis.register_function('inventory_unsell', function(keys, args)
  local now, id = tonumber(args[1]), args[2]
  local done = order_of(keys, id, 1)
  if not done then
    return { 0 }
  end
  local user, type, qty = done[4], done[5], tonumber(done[6])
  redis.call('HDEL', keys[ORDERS], id)
  redis.call('HDEL', keys[UNRECORDED], id)
  local sold = redis.call('HINCRBY', keys[STOCK], 'sold:' .. type, -qty)
  -- Catch up with what PostgreSQL has sold, as far as the live holds leave room.
  local counts = redis.call('HMGET', keys[STOCK], 'cap:' .. type, 'held:' .. type)
  local recorded = math.min(tonumber(args[3]), tonumber(counts[1]) - tonumber(counts[2]))
  if recorded > sold then
    redis.call('HSET', keys[STOCK], 'sold:' .. type, recorded)
  end
  change_user(keys, user, -qty)
  redis.call('HSET', keys[ENDED], id, 'E ' .. user .. ' ' .. args[1])
  redis.call('ZADD', keys[ENDED_AT], now, id)
  return { 1 }
end)

-- ARGV: typeCount, then type capacity sold for each type, then user tickets for each user.
-- Opens the event's stock as PostgreSQL records it, unless it is open already. Returns {1} if opened.
redis.register_function('inventory_load', function(keys, args)
  if redis.call('EXISTS', keys[STOCK]) == 1 then
    return { 0 }
  end
  local types = tonumber(args[1])
  for i = 0, types - 1 do
    local type = args[2 + i * 3]
    redis.call('HSET', keys[STOCK], 'cap:' .. type, args[3 + i * 3], 'held:' .. type, 0,
      'sold:' .. type, args[4 + i * 3])
  end
  for i = 2 + types * 3, #args, 2 do
    redis.call('HSET', keys[USERS], args[i], args[i + 1])
  end
  return { 1 }
end)


-- The tickets of `type` still available, and when the next live hold expires (0 if none): what a
-- server may remember as "sold out until then".
local function left(keys, type)
  local counts = redis.call('HMGET', keys[STOCK], 'cap:' .. type, 'held:' .. type, 'sold:' .. type)
  local first = redis.call('ZRANGE', keys[EXPIRY], 0, 0, 'WITHSCORES')
  return tonumber(counts[1]) - tonumber(counts[2]) - tonumber(counts[3]), tonumber(first[2] or '0')
end

-- KEYS: the event's eleven, then the buyer's next-attempt key (a string holding the millisecond from
-- which they may try again, expiring then).
-- ARGV: now, most, forgetBefore, reservation, user, type, quantity, perUserLimit, orderId,
-- intervalMillis, gated. A buyer without a live session in the waiting room is refused first
-- ({'queue'}), counting no attempt; an accepted purchase ends their session.
-- A flash sale's purchase, judged as core's FlashBook does: the buyer's interval first (an attempt
-- too soon changes nothing), then, the attempt counted, the ledger's rules; an accepted order is
-- pending. Returns {'absent'}, {'too_soon', retryAtMillis}, {'unknown_type'}, {'limit', already},
-- {'sold_out', available, nextExpiryMillis} or {'accepted', available, nextExpiryMillis}.
redis.register_function('inventory_purchase', function(keys, args)
  if redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  local now, id, user, type = tonumber(args[1]), args[4], args[5], args[6]
  local qty, limit, interval = tonumber(args[7]), tonumber(args[8]), tonumber(args[10])
  if queued(keys, args[11], user, now) then
    return { 'queue' }
  end
  local retry_at = redis.call('GET', keys[NEXT])
  if retry_at and now < tonumber(retry_at) then
    return { 'too_soon', retry_at }
  end
  if interval > 0 then
    -- Kept a second longer than it matters: the value decides, Redis's clock never does.
    redis.call('SET', keys[NEXT], now + interval, 'PX', interval + 1000)
  end
  local cap = redis.call('HGET', keys[STOCK], 'cap:' .. type)
  if not cap then
    return { 'unknown_type' }
  end
  local refused = refusal(keys, args, user, type, qty, limit, cap)
  if refused then
    if refused[1] == 'sold_out' then
      local _, expires = left(keys, type)
      refused[3] = expires
    end
    return refused
  end
  redis.call('HSET', keys[PENDING], id, table.concat({ args[9], args[1], user, type, args[7] }, ' '))
  take(keys, user, type, qty)
  finish(keys, user)
  local available, expires = left(keys, type)
  return { 'accepted', available, expires }
end)

-- ARGV: reservation. The order pipeline confirms a pending order: its tickets are sold, and the
-- order waits for PostgreSQL as a completed hold's does (unrecorded). Returns {'confirmed'} (also
-- for one confirmed before), {'withdrawn'} for one its server withdrew, {'unsold'} for one whose
-- sale PostgreSQL refused (see inventory_unsell), {'absent'} when the event's stock is not loaded,
-- or {'forgotten'} when Redis has no trace of it (it restarted since): see inventory_adopt.
redis.register_function('inventory_confirm', function(keys, args)
  local id = args[1]
  if redis.call('HEXISTS', keys[ORDERS], id) == 1 then
    return { 'confirmed' }
  end
  local ended = redis.call('HGET', keys[ENDED], id)
  if ended then
    return { string.sub(ended, 1, 1) == 'W' and 'withdrawn' or 'unsold' }
  end
  local text = redis.call('HGET', keys[PENDING], id)
  if text then
    local o = fields(text)
    redis.call('HDEL', keys[PENDING], id)
    sell_held(keys, id, o[4], tonumber(o[5]), text)
    return { 'confirmed' }
  end
  if redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  return { 'forgotten' }
end)

-- ARGV: reservation, order ("orderId createdMillis user type quantity"). Takes in an order Redis
-- forgot and PostgreSQL neither recorded nor failed (the caller checked): sold if its tickets are
-- still there. Returns {'confirmed'} (also for one confirmed before), {'absent'} or {'over'}.
redis.register_function('inventory_adopt', function(keys, args)
  local id = args[1]
  if redis.call('HEXISTS', keys[ORDERS], id) == 1 then
    return { 'confirmed' }
  end
  if redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  local o = fields(args[2])
  local user, type, qty = o[3], o[4], tonumber(o[5])
  if not redis.call('HGET', keys[STOCK], 'cap:' .. type) or left(keys, type) < qty then
    return { 'over' }
  end
  take(keys, user, type, qty)
  sell_held(keys, id, type, qty, args[2])
  return { 'confirmed' }
end)

-- KEYS: as inventory_purchase's. ARGV: now, reservation, the purchase's next-attempt millis (0 for
-- none). The server that accepted a pending order could not hand it to the order pipeline: the
-- purchase is undone (the tickets go back; neither the buyer's limit nor their interval counts it)
-- and remembered as withdrawn, so that a late delivery of it places nothing. Returns {'withdrawn'},
-- or {'confirmed'} if it was confirmed before.
redis.register_function('inventory_withdraw', function(keys, args)
  local now, id = tonumber(args[1]), args[2]
  if redis.call('HEXISTS', keys[ORDERS], id) == 1 then
    return { 'confirmed' }
  end
  local text = redis.call('HGET', keys[PENDING], id)
  if text then
    local o = fields(text)
    redis.call('HDEL', keys[PENDING], id)
    give_back(keys, o[3], o[4], tonumber(o[5]))
  end
  if redis.call('GET', keys[NEXT]) == args[3] then
    redis.call('DEL', keys[NEXT])
  end
  redis.call('HSET', keys[ENDED], id, 'W - ' .. now)
  redis.call('ZADD', keys[ENDED_AT], now, id)
  return { 'withdrawn' }
end)
