-- wrk script: hold one ticket, then complete that hold, over and over, as many distinct users.
-- Tokens come from the file named by $TOKENS, one per line, as printed by
-- `boxoffice token --user fan --count N`: line i is user fan-i. A hold's answer names its user,
-- so each thread queues (hold, user) pairs and serves that queue first, and a hold is always
-- completed with its own holder's token, whichever connection carried it.
local event = os.getenv("EVENT")
local tokens = {}
local pending = {}
local next_user = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  next_user = math.random(#tokens)
end

local function headers(token)
  return { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
end

request = function()
  local hold = table.remove(pending)
  if hold ~= nil then
    return wrk.format("POST", "/v1/holds/" .. hold.id .. "/complete", headers(tokens[hold.user]), "")
  end
  next_user = next_user % #tokens + 1
  return wrk.format("POST", "/v1/events/" .. event .. "/holds", headers(tokens[next_user]),
    '{"ticketType":"GA","quantity":1}')
end

response = function(status, hdrs, body)
  if status == 201 then
    local id = string.match(body, '"holdId"%s*:%s*"([^"]+)"')
    local user = string.match(body, '"user"%s*:%s*"fan%-(%d+)"')
    if id and user then
      pending[#pending + 1] = { id = id, user = tonumber(user) }
    end
  end
end
