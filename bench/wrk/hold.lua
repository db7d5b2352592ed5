-- wrk script: hold one ticket, over and over, as many distinct users, leaving every hold to
-- expire: the hold decision alone. Tokens come from the file named by $TOKENS, one per line, as
-- printed by `boxoffice token --user fan --count N`.
local event = os.getenv("EVENT")
local tokens = {}
local next_user = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
  end
  next_user = math.random(#tokens)
end

request = function()
  next_user = next_user % #tokens + 1
  return wrk.format("POST", "/v1/events/" .. event .. "/holds",
    { ["Authorization"] = "Bearer " .. tokens[next_user], ["Content-Type"] = "application/json" },
    '{"ticketType":"GA","quantity":1}')
end
