-- wrk script: hold one ticket, then complete that hold, over and over, each time as the next of
-- many distinct users (tokens from the file named by $TOKENS, one per line). Run it with as many
-- threads as connections (-t N -c N): each thread then has one connection, so its responses
-- arrive in the order of its requests and a hold is always completed by its own holder.
local event = os.getenv("EVENT")
local tokens = {}
local index = 0
local held = nil   -- { hold = id, token = t } waiting to be completed
local token = nil

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  index = math.random(#tokens)
end

local function headers(t)
  return { ["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json" }
end

request = function()
  if held ~= nil then
    local h = held
    held = nil
    return wrk.format("POST", "/v1/holds/" .. h.hold .. "/complete", headers(h.token), "")
  end
  index = index % #tokens + 1
  token = tokens[index]
  return wrk.format("POST", "/v1/events/" .. event .. "/holds", headers(token),
    '{"ticketType":"GA","quantity":1}')
end

response = function(status, hdrs, body)
  if status == 201 and token ~= nil then
    local hold = string.match(body, '"holdId"%s*:%s*"([^"]+)"')
    if hold then
      held = { hold = hold, token = token }
    end
  end
  token = nil
end
