#!lua name=boxoffice_room
-- Waiting rooms in Redis: the rules of core's QueueBook, one atomic function each, on the keys of
-- one event's room (under the event's hash tag {event:ID}, beside its stock).
--
-- KEYS, in this order for every function:
--   1 state    hash  loaded ('1' once loaded from PostgreSQL), opened (millis), digest, served
--                    (positions 1..served admitted), length (of the line), soldout ('1'), credit
--                    (admissions owed), last (millis of the last step), finished (sessions ended by
--                    a purchase: inventory.lua counts them)
--   2 pre      set   users in the pre-queue, before the line opens
--   3 pos      hash  user -> position in line (1 is the first)
--   4 byPos    hash  position -> user
--   5 sessions zset  admitted users whose session is live, scored by when it ends (millis)
--   6 samples  list  "millis servedUpTo" after each admission within the rate window, oldest first
--   7 stock    hash  the event's stock (inventory.lua's): cap:TYPE, held:TYPE, sold:TYPE
--   8 loading  string the token of the server loading the room, while it does (expires)
-- Times are epoch milliseconds decided by the caller; the room's terms come from the caller too.
-- PostgreSQL records every join, the line's order once it opens and every admission; a room not
-- loaded from it (new, or Redis restarted empty) answers {'absent'} until the caller loads it.

local STATE, PRE, POS, BY_POS, SESSIONS, SAMPLES, STOCK, LOADING = 1, 2, 3, 4, 5, 6, 7, 8

-- How long a loader's claim on a room lasts without a call: a loader that stopped frees it.
local CLAIM_MILLIS = 30000
-- How many seconds of admissions a late step makes up at most (core's QueueBook.MOST_MADE_UP_SECONDS).
local MOST_MADE_UP = 5

-- Whether the room is not loaded. A room live before its line was recorded (it has a length or
-- opened) counts as loaded.
local function absent(keys)
  local s = redis.call('HMGET', keys[STATE], 'loaded', 'length', 'opened')
  return not (s[1] or s[2] or s[3])
end

-- Keeps the room for the loader holding `token`: nil if it may go on, else 'busy' (another loader
-- holds it) or 'lost' (its claim is gone: Redis restarted while it loaded). A loader's first call
-- claims the room and clears whatever an earlier loader left half-loaded.
local function claim(keys, token, first)
  local holder = redis.call('GET', keys[LOADING])
  if holder == token then
    redis.call('PEXPIRE', keys[LOADING], CLAIM_MILLIS)
    return nil
  end
  if holder then
    return 'busy'
  end
  if first ~= '1' then
    return 'lost'
  end
  redis.call('SET', keys[LOADING], token, 'PX', CLAIM_MILLIS)
  redis.call('DEL', keys[PRE], keys[POS], keys[BY_POS], keys[SESSIONS], keys[SAMPLES])
  return nil
end

-- What stops a loader's call: {0} once the room is loaded, {'busy'} or {'lost'} (see claim); nil
-- to go on.
local function load_refused(keys, token, first)
  if not absent(keys) then
    return { 0 }
  end
  local refused = claim(keys, token, first)
  return refused and { refused } or nil
end

local function number(keys, field)
  return tonumber(redis.call('HGET', keys[STATE], field) or '0')
end

-- Puts `user` at the end of the line; returns their position.
local function line_up(keys, user)
  local position = redis.call('HINCRBY', keys[STATE], 'length', 1)
  redis.call('HSET', keys[POS], user, position)
  redis.call('HSET', keys[BY_POS], position, user)
  return position
end

-- ARGV: token, first ('1' for the loader's first call), then which part ('pre', 'line' or
-- 'sessions') and its values: users in the pre-queue, `position user` pairs of the line, or `user
-- endsMillis` pairs of live sessions. Loads part of a room recorded in PostgreSQL, before
-- room_load. Returns {1}, {0} if the room is loaded, {'busy'} or {'lost'} (see claim).
redis.register_function('room_load_part', function(keys, args)
  local refused = load_refused(keys, args[1], args[2])
  if refused then
    return refused
  end
  local part = args[3]
  for i = 4, #args, (part == 'pre' and 1 or 2) do
    if part == 'pre' then
      redis.call('SADD', keys[PRE], args[i])
    elseif part == 'line' then
      redis.call('HSET', keys[POS], args[i + 1], args[i])
      redis.call('HSET', keys[BY_POS], args[i], args[i + 1])
    else
      redis.call('ZADD', keys[SESSIONS], args[i + 1], args[i])
    end
  end
  return { 1 }
end)

-- ARGV: token, first, now, opened (millis, or '' before the line opens), digest, served, length.
-- The last call of a loader: the room is loaded. Returns {1}, {0} if it was, {'busy'} or {'lost'}.
redis.register_function('room_load', function(keys, args)
  local refused = load_refused(keys, args[1], args[2])
  if refused then
    return refused
  end
  redis.call('HSET', keys[STATE], 'loaded', '1', 'last', args[3], 'served', args[6], 'length', args[7])
  if args[4] ~= '' then
    redis.call('HSET', keys[STATE], 'opened', args[4], 'digest', args[5])
  end
  redis.call('DEL', keys[LOADING])
  return { 1 }
end)

-- ARGV: now, saleOpensAt, user. Joins the user: the pre-queue before the sale opens, the line
-- after. Returns {'joined', position} or {'again', position} for a user who joined before
-- (position 0 in the pre-queue), {'sold_out'}, {'absent'}, or {'open_first'} when the line is due
-- to open (the caller opens it, then joins again).
redis.register_function('room_join', function(keys, args)
  local now, opens, user = tonumber(args[1]), tonumber(args[2]), args[3]
  if absent(keys) then
    return { 'absent' }
  end
  local position = redis.call('HGET', keys[POS], user)
  if position or redis.call('SISMEMBER', keys[PRE], user) == 1 then
    return { 'again', tonumber(position or '0') }
  end
  if redis.call('HGET', keys[STATE], 'soldout') == '1' then
    return { 'sold_out' }
  end
  if not redis.call('HGET', keys[STATE], 'opened') then
    if now >= opens then
      return { 'open_first' }
    end
    redis.call('SADD', keys[PRE], user)
    return { 'joined', 0 }
  end
  return { 'joined', line_up(keys, user) }
end)

-- ARGV: now, orderDigest, then the pre-queue's users in the order of its shuffle. Opens the line:
-- the shuffled pre-queue at its head, then anyone who joined the pre-queue after it was read for
-- the shuffle (a server whose clock lags), in the order of their ids. Returns {1, {those users}} if
-- it opened the line, {0} if it was open, {'absent'}.
redis.register_function('room_open', function(keys, args)
  if absent(keys) then
    return { 'absent' }
  end
  if redis.call('HGET', keys[STATE], 'opened') then
    return { 0 }
  end
  for i = 3, #args do
    line_up(keys, args[i])
    redis.call('SREM', keys[PRE], args[i])
  end
  local late = redis.call('SMEMBERS', keys[PRE])
  table.sort(late)
  for _, user in ipairs(late) do
    line_up(keys, user)
  end
  redis.call('DEL', keys[PRE])
  redis.call('HSET', keys[STATE], 'opened', args[1], 'digest', args[2])
  return { 1, late }
end)

-- ARGV: user. Returns {position (0: not joined, -1: in the pre-queue), served, sessionEndsMillis
-- (0: none), soldOut (0 or 1)}, or {'absent'}.
redis.register_function('room_standing', function(keys, args)
  if absent(keys) then
    return { 'absent' }
  end
  local user = args[1]
  local served = number(keys, 'served')
  local soldout = redis.call('HGET', keys[STATE], 'soldout') == '1' and 1 or 0
  local position = redis.call('HGET', keys[POS], user)
  if not position then
    return { redis.call('SISMEMBER', keys[PRE], user) == 1 and -1 or 0, served, 0, soldout }
  end
  local ends = redis.call('ZSCORE', keys[SESSIONS], user)
  return { tonumber(position), served, tonumber(ends or '0'), soldout }
end)

-- ARGV: now, enabled (0/1), ratePerSecond, maxActive, accessMillis, paused (0/1), saleOpensAt,
-- rateWindowMillis. Moves the room on to now, as QueueBook.step does: ends the sessions whose time
-- ran out, notes a sell out, and admits whoever's turn has come (credit accrues with time since
-- the last step, at most a second's worth, so any number of servers may step the room; the time of
-- the last step only moves forward, so a server whose clock lags credits nothing twice). Returns
-- {admitted, served}, {'open_first'} when the line is due to open, {'absent'} when the room is
-- not loaded, or {'no_stock'} when the event's stock is not.
redis.register_function('room_step', function(keys, args)
  if absent(keys) then
    return { 'absent' }
  end
  local now, enabled, rate = tonumber(args[1]), args[2] == '1', tonumber(args[3])
  local cap, access, paused = tonumber(args[4]), tonumber(args[5]), args[6] == '1'
  local opens, window = tonumber(args[7]), tonumber(args[8])
  redis.call('ZREMRANGEBYSCORE', keys[SESSIONS], '-inf', now)
  if not enabled or redis.call('HGET', keys[STATE], 'soldout') == '1' then
    return { 0 }
  end
  local opened = redis.call('HGET', keys[STATE], 'opened')
  if not opened and now >= opens then
    return { 'open_first' }
  end
  local available, held = 0, 0
  local stock = redis.call('HGETALL', keys[STOCK])
  if #stock == 0 then
    return { 'no_stock' }
  end
  for i = 1, #stock, 2 do
    local kind, type = string.match(stock[i], '^(%a+):(.*)$')
    local count = tonumber(stock[i + 1])
    if kind == 'cap' then
      available = available + count
    elseif kind == 'held' then
      available = available - count
      held = held + count
    elseif kind == 'sold' then
      available = available - count
    end
  end
  if available == 0 and held == 0 then
    redis.call('HSET', keys[STATE], 'soldout', '1')
    return { 0 }
  end
  local last = redis.call('HGET', keys[STATE], 'last')
  if not last or now > tonumber(last) then
    redis.call('HSET', keys[STATE], 'last', now)
  end
  if not opened or paused then
    redis.call('HSET', keys[STATE], 'credit', 0)
    return { 0 }
  end
  local from = tonumber(opened)
  if last and tonumber(last) > from then
    from = tonumber(last)
  end
  local credit = number(keys, 'credit')
  if now > from then
    credit = credit + (now - from) / 1000 * rate
  end
  -- As core's QueueBook: a late step makes up MOST_MADE_UP seconds of admissions at most, and credit
  -- left over because nobody could come in is kept a second's worth at most.
  credit = math.min(credit, MOST_MADE_UP * math.max(1, rate))
  local served = number(keys, 'served')
  local waiting = number(keys, 'length') - served
  local free = cap - redis.call('ZCARD', keys[SESSIONS])
  local admit = math.min(math.floor(credit), waiting, free)
  if available <= 0 or admit <= 0 then
    redis.call('HSET', keys[STATE], 'credit', math.min(credit, math.max(1, rate)))
    return { 0 }
  end
  redis.call('HSET', keys[STATE], 'credit', math.min(credit - admit, math.max(1, rate)), 'served', served + admit)
  for position = served + 1, served + admit do
    local user = redis.call('HGET', keys[BY_POS], position)
    if user then -- a place left empty by a load (its join was never recorded) is passed over
      redis.call('ZADD', keys[SESSIONS], now + access, user)
    end
  end
  redis.call('RPUSH', keys[SAMPLES], now .. ' ' .. (served + admit))
  while redis.call('LLEN', keys[SAMPLES]) > 1 do
    local first = redis.call('LINDEX', keys[SAMPLES], 0)
    if tonumber(string.match(first, '^(%d+)')) >= now - window then
      break
    end
    redis.call('LPOP', keys[SAMPLES])
  end
  return { admit, served + admit }
end)

-- ARGV: now. Returns {served, length, preQueue, active, opened (millis or ''), digest (or ''),
-- soldOut (0/1), firstSample (or ''), lastSample (or '')}, or {'absent'}.
redis.register_function('room_stats', function(keys, args)
  if absent(keys) then
    return { 'absent' }
  end
  local state = redis.call('HMGET', keys[STATE], 'served', 'length', 'opened', 'digest', 'soldout')
  return {
    tonumber(state[1] or '0'),
    tonumber(state[2] or '0'),
    redis.call('SCARD', keys[PRE]),
    redis.call('ZCOUNT', keys[SESSIONS], '(' .. args[1], '+inf'),
    state[3] or '',
    state[4] or '',
    state[5] == '1' and 1 or 0,
    redis.call('LINDEX', keys[SAMPLES], 0) or '',
    redis.call('LINDEX', keys[SAMPLES], -1) or '',
  }
end)
