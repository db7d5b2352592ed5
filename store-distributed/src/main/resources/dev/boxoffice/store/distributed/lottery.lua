-- The lottery's decisions in Redis: part of the boxoffice_inventory library, loaded after
-- inventory.lua, whose helpers it uses, so that an offer is a hold made in the decision that makes
-- the offer, and an offer's end is seen in the inventory's own record of its hold.
--
-- KEYS: the event's eleven (inventory.lua), then:
--  12 lottery  hash  opens, closes: the registration window (millis); frozen: '1' once the entrant set
--                    is final; drawn: '1' once the draw's offers are made; places: the draw order's
--                    length; type, per: the ticket type and tickets per winner; next: the next place
--                    to offer; version: bumped by every draw and offer
--  13 entries  hash  user -> "entryId tokenId enteredMillis"
--  14 fresh    set   users whose entry PostgreSQL may not have yet
--  15 order    hash  place -> user: the draw order, winners then the waitlist
--  16 places   hash  user -> place
--  17 offers   hash  user -> "place holdId expiresMillis": every offer made
--  18 live     zset  hold id, scored by its expiresMillis: the offers neither completed nor lapsed
--  19 owed     list  the holds of lapsed offers not yet passed on, in the order they lapsed
-- The lottery is in Redis once its 'lottery' hash is: loading writes it last, after the entries, the
-- draw order and the offers PostgreSQL records (functions loading those change nothing once it is).

local LOTTERY, ENTRIES, FRESH, ORDER, PLACES, OFFERS, LIVE, OWED = 12, 13, 14, 15, 16, 17, 18, 19

local function lottery_absent(keys)
  return redis.call('EXISTS', keys[LOTTERY]) == 0
end

-- ARGV: opens, closes, type, per, frozen, drawn, places, next, then the holds of lapsed offers not
-- yet passed on. The last step of loading a lottery. Returns {1} if loaded, {0} if it was there.
redis.register_function('lottery_load', function(keys, args)
  if not lottery_absent(keys) then
    return { 0 }
  end
  redis.call('DEL', keys[OWED])
  for i = 9, #args do
    redis.call('RPUSH', keys[OWED], args[i])
  end
  redis.call('HSET', keys[LOTTERY], 'opens', args[1], 'closes', args[2], 'type', args[3], 'per', args[4],
    'frozen', args[5], 'drawn', args[6], 'places', args[7], 'next', args[8], 'version', 0)
  return { 1 }
end)

-- ARGV: user, entry, user, entry, ... Loads recorded entries, before the lottery's state.
redis.register_function('lottery_load_entries', function(keys, args)
  if not lottery_absent(keys) then
    return { 0 }
  end
  for i = 1, #args, 2 do
    redis.call('HSET', keys[ENTRIES], args[i], args[i + 1])
  end
  return { 1 }
end)

-- ARGV: now, user, entryId, tokenId. One entry per user, inside the window, before the draw froze the
-- entrant set. Returns {'absent'}, {'entered'}, {'closed'}, or {'already', entryId, tokenId,
-- enteredMillis, fresh}, fresh 1 if PostgreSQL may not have the entry yet.
redis.register_function('lottery_enter', function(keys, args)
  if lottery_absent(keys) then
    return { 'absent' }
  end
  local now, user = tonumber(args[1]), args[2]
  local entry = redis.call('HGET', keys[ENTRIES], user)
  if entry then
    local f = fields(entry)
    return { 'already', f[1], f[2], f[3], redis.call('SISMEMBER', keys[FRESH], user) }
  end
  local s = redis.call('HMGET', keys[LOTTERY], 'opens', 'closes', 'frozen')
  if now < tonumber(s[1]) or now >= tonumber(s[2]) or s[3] == '1' then
    return { 'closed' }
  end
  redis.call('HSET', keys[ENTRIES], user, table.concat({ args[3], args[4], args[1] }, ' '))
  redis.call('SADD', keys[FRESH], user)
  return { 'entered' }
end)

-- ARGV: user, entry, recorded. The entry is no longer fresh: recorded ('1') in PostgreSQL, and kept
-- here should Redis be loading the lottery from PostgreSQL while it was being recorded; or refused
-- there ('0'), the entrant set frozen, and forgotten here as never made.
redis.register_function('lottery_recorded', function(keys, args)
  redis.call('SREM', keys[FRESH], args[1])
  if args[3] == '1' then
    redis.call('HSETNX', keys[ENTRIES], args[1], args[2])
  elseif redis.call('HGET', keys[ENTRIES], args[1]) == args[2] then
    redis.call('HDEL', keys[ENTRIES], args[1])
  end
  return { 1 }
end)

-- Returns {'absent'} or {how many have entered}.
redis.register_function('lottery_entrants', function(keys, args)
  if lottery_absent(keys) then
    return { 'absent' }
  end
  return { redis.call('HLEN', keys[ENTRIES]) }
end)

-- Returns {'absent'}, or {'1'} once the draw's offers are made, else {'0'}.
redis.register_function('lottery_drawn', function(keys, args)
  if lottery_absent(keys) then
    return { 'absent' }
  end
  return { redis.call('HGET', keys[LOTTERY], 'drawn') }
end)

-- ARGV: now. Makes the entrant set final once registration has closed. Returns {'absent'}, {'open'}
-- or {'frozen'}.
redis.register_function('lottery_freeze', function(keys, args)
  if lottery_absent(keys) then
    return { 'absent' }
  end
  if tonumber(args[1]) < tonumber(redis.call('HGET', keys[LOTTERY], 'closes')) then
    return { 'open' }
  end
  redis.call('HSET', keys[LOTTERY], 'frozen', '1')
  return { 'frozen' }
end)

-- ARGV: first place, then the users at it and the places after. Writes part of the draw order: the
-- same whoever writes it, since the draw is.
redis.register_function('lottery_order', function(keys, args)
  local first = tonumber(args[1])
  for i = 2, #args do
    redis.call('HSET', keys[ORDER], first + i - 2, args[i])
    redis.call('HSET', keys[PLACES], args[i], first + i - 2)
  end
  return { 1 }
end)

-- Offers `user` the lottery's tickets at `place`: a hold until `expires`, made at `now`.
local function make_offer(keys, s, place, user, id, expires, now)
  redis.call('HSET', keys[HOLDS], id, table.concat({ user, s.type, s.per, now, expires }, ' '))
  redis.call('ZADD', keys[EXPIRY], expires, id)
  take(keys, user, s.type, tonumber(s.per))
  redis.call('HSET', keys[OFFERS], user, table.concat({ place, id, expires }, ' '))
  redis.call('ZADD', keys[LIVE], expires, id)
end

local function state(keys)
  local s = redis.call('HMGET', keys[LOTTERY], 'type', 'per', 'next')
  return { type = s[1], per = s[2], next = tonumber(s[3]) }
end

-- ARGV: now, first place, the draw order's length ('' to keep it), then user holdId expiresMillis
-- for each offer, at consecutive places from the first. Makes the offers (each a hold of the
-- lottery's tickets) if the next place to offer is the first; else another server made them. The
-- draw's offers (from place 0) make the draw done here. Returns {'absent'}, {'offered', next},
-- {'moved', next} or {'short', available} (fewer tickets left than offered: never, if the terms fit).
redis.register_function('lottery_offer', function(keys, args)
  if lottery_absent(keys) or redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  local now, first = tonumber(args[1]), tonumber(args[2])
  local s = state(keys)
  if s.next ~= first then
    return { 'moved', s.next }
  end
  local count = (#args - 3) / 3
  local available = left(keys, s.type)
  if available < count * tonumber(s.per) then
    return { 'short', available }
  end
  for i = 0, count - 1 do
    make_offer(keys, s, first + i, args[4 + i * 3], args[5 + i * 3], args[6 + i * 3], now)
  end
  if args[3] ~= '' then
    redis.call('HSET', keys[LOTTERY], 'places', args[3], 'drawn', '1', 'frozen', '1')
  end
  redis.call('HSET', keys[LOTTERY], 'next', first + count)
  if args[3] == '' then
    redis.call('LTRIM', keys[OWED], count, -1) -- passed on
  end
  redis.call('HINCRBY', keys[LOTTERY], 'version', 1)
  return { 'offered', first + count }
end)

-- ARGV: offerTtlMillis, type, per, then place user holdId expiresMillis live for each offer PostgreSQL
-- records.
-- Loads offers, before the lottery's state: each live one ('1') holds its tickets again, unless its
-- hold is here already, or ended, or completed. Returns {'absent'} (no stock), {1}, or {0} if the
-- lottery was there.
redis.register_function('lottery_load_offers', function(keys, args)
  if not lottery_absent(keys) then
    return { 0 }
  end
  if redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  local s = { type = args[2], per = args[3] }
  for i = 4, #args, 5 do
    local place, user, id, expires = args[i], args[i + 1], args[i + 2], args[i + 3]
    if redis.call('HEXISTS', keys[OFFERS], user) == 0 then
      if args[i + 4] == '1' and redis.call('HEXISTS', keys[HOLDS], id) == 0
          and redis.call('HEXISTS', keys[ENDED], id) == 0 and redis.call('HEXISTS', keys[ORDERS], id) == 0 then
        make_offer(keys, s, place, user, id, expires, tonumber(expires) - tonumber(args[1]))
      else
        redis.call('HSET', keys[OFFERS], user, table.concat({ place, id, expires }, ' '))
      end
    end
  end
  return { 1 }
end)

-- ARGV: user. Returns {'absent'}, {'won', holdId, expiresMillis}, {'waitlisted', position}, {'lost'},
-- {'pending'} or {'not_entered'}.
redis.register_function('lottery_standing', function(keys, args)
  if lottery_absent(keys) then
    return { 'absent' }
  end
  local user = args[1]
  local offer = redis.call('HGET', keys[OFFERS], user)
  if offer then
    local f = fields(offer)
    return { 'won', f[2], f[3] }
  end
  local s = redis.call('HMGET', keys[LOTTERY], 'drawn', 'next')
  local entered = redis.call('HEXISTS', keys[ENTRIES], user) == 1
  if s[1] ~= '1' then
    return { entered and 'pending' or 'not_entered' }
  end
  local place = redis.call('HGET', keys[PLACES], user)
  if place then
    return { 'waitlisted', tonumber(place) - tonumber(s[2]) + 1 }
  end
  return { entered and 'lost' or 'not_entered' }
end)

-- ARGV: now, most, forgetBefore, then holds the caller ended (released ones). Ends the holds due,
-- then looks at the live offers that are due (at most `most`) and at those the caller names: one
-- whose hold ended leaves them, and if it was not completed it lapsed and is owed to the next on
-- the waitlist; once the waitlist has run out, lapsed tickets stay unsold. Each offer is looked at
-- once it is due or named, never all of them. Returns {'absent'} or {'lapse', next, places, live,
-- then the holds of the lapsed offers owed} (once the waitlist has run out, owed no more).
redis.register_function('lottery_lapse', function(keys, args)
  if lottery_absent(keys) or redis.call('EXISTS', keys[STOCK]) == 0 then
    return { 'absent' }
  end
  local now, most = tonumber(args[1]), tonumber(args[2])
  expire(keys, now, most, tonumber(args[3]))
  local looked = redis.call('ZRANGE', keys[LIVE], '-inf', now, 'BYSCORE', 'LIMIT', 0, most)
  for i = 4, #args do
    looked[#looked + 1] = args[i]
  end
  for _, id in ipairs(looked) do
    if redis.call('ZSCORE', keys[LIVE], id) and redis.call('HEXISTS', keys[HOLDS], id) == 0 then
      redis.call('ZREM', keys[LIVE], id)
      if redis.call('HEXISTS', keys[ORDERS], id) == 0 then
        redis.call('RPUSH', keys[OWED], id)
      end
    end
  end
  local s = redis.call('HMGET', keys[LOTTERY], 'next', 'places', 'drawn')
  local answer = { 'lapse', s[1], s[2], redis.call('ZCARD', keys[LIVE]) }
  for _, id in ipairs(redis.call('LRANGE', keys[OWED], 0, -1)) do
    answer[#answer + 1] = id
  end
  if s[3] ~= '1' or tonumber(s[1]) >= tonumber(s[2]) then
    redis.call('DEL', keys[OWED])
  end
  return answer
end)
