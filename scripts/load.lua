-- wrk script: each request carries the token of one of many users, in turn,
-- and each answer must name that user. Run with one connection per thread, so
-- that the answers of a thread come in the order of its requests.
--   wrk --threads N --connections N -s load.lua URL -- TOKENS_FILE
-- TOKENS_FILE has a line "username token" per user.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  users, tokens = {}, {}
  for line in io.lines(args[1]) do
    local user, token = line:match("^(%S+) (%S+)$")
    table.insert(users, user)
    table.insert(tokens, token)
  end
  turn = id % #users  -- each thread starts with another user
  answered, wrong = 0, 0
end

function request()
  turn = turn % #users + 1
  expected = '{"user": "' .. users[turn] .. '"}'
  return wrk.format("GET", nil, {Authorization = "Bearer " .. tokens[turn]})
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 or body ~= expected then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local answered, wrong = 0, 0
  for _, thread in ipairs(threads) do
    answered = answered + thread:get("answered")
    wrong = wrong + thread:get("wrong")
  end
  io.write(string.format("answered %d wrong %d\n", answered, wrong))
end
