-- One scenario of bench/load.py: METHOD, BODY and the API key from the environment;
-- ITEM_IDS (comma-separated) makes each request's path PATH with a random item id in
-- place of {id}; RANDOM_STATUS=1 sends a random status each time, so each is a change.
-- Prints one line, RESULT <requests/s> <p50 ms> <p99 ms> <errors>.
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local path = os.getenv("PATH_TEMPLATE")
local ids = {}
for id in string.gmatch(os.getenv("ITEM_IDS") or "", "[^,]+") do
  ids[#ids + 1] = id
end

wrk.method = method
wrk.headers["Authorization"] = "Bearer " .. os.getenv("API_KEY")
if body or os.getenv("RANDOM_STATUS") == "1" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

local statuses = {"pending", "in_progress", "completed"}
local random_status = os.getenv("RANDOM_STATUS") == "1"

request = function()
  local target = path
  if #ids > 0 then
    target = string.gsub(path, "{id}", ids[math.random(#ids)])
  end
  if random_status then
    local status = statuses[math.random(#statuses)]
    return wrk.format(nil, target, nil, '{"status": "' .. status .. '"}')
  end
  return wrk.format(nil, target)
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
