-- wrk script used by bench/ingest.
--
--   wrk -t1 -c64 -d12s -s bench/ingest.lua URL -- mode=single window=10
--   wrk -t2 -c8  -d12s -s bench/ingest.lua URL -- mode=batch window=10 app=SLUG items=1000
--   wrk -t1 -c8  -d12s -s bench/ingest.lua URL -- mode=single window=10 pace_ms=2
--   wrk -t1 -c64 -d12s -s bench/ingest.lua URL -- mode=single apps=a,b,c
--
-- With apps (a comma-separated list of slugs), the requests go to each
-- application in turn: a single event to /api/v1/applications/SLUG/hits
-- (the URL's path is not used), a batch with every item for that one
-- application. Without, every request is the same.
--
-- With pace_ms, each connection waits that long before each request (a
-- steady load below capacity, as bench/soak wants); without, none.
--
-- The Authorization token comes from the environment (BENCH_TOKEN), so that it
-- does not show in the process list.
--
-- Exact counting. Every connection sends requests for `window` seconds (from
-- its thread's first request) and then stops sending; wrk's -d must be longer
-- than the window (bench/ingest gives it a grace period) so that every request
-- sent gets its answer before wrk stops. Without that, wrk would stop with up
-- to one request per connection in flight: the server would commit those
-- events while wrk never saw the answers, and "events stored == 2xx answers
-- seen" could not hold. The requests still unanswered when wrk stops are
-- reported as `unanswered` (0 when the grace period was long enough).
--
-- At the end, done() prints one line: "BENCH_RESULT {json}" with the totals of
-- all threads (each wrk thread has its own Lua state; the counters are read
-- back through the thread objects, as in wrk's scripts/counter.lua pattern).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local IDLE_MS = 3600 * 1000 -- "delay" of a connection whose window is over

-- The batch body: `items` events of application `app`; every
-- `failure_every`-th item is a failure (0: none), latencies vary from 1 to 250.
local function batch_body(app, items, failure_every)
  local parts = {}
  for i = 1, items do
    local status = "hit"
    if failure_every > 0 and i % failure_every == 0 then status = "failure" end
    parts[i] = string.format('{"application":"%s","status":"%s","latency_ms":%d}',
                             app, status, (i * 37) % 250 + 1)
  end
  return "[" .. table.concat(parts, ",") .. "]"
end

-- Main Lua state: remember every thread for done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

-- Thread Lua states. The counters (and `window`) are globals so that done()
-- can read them through the thread objects.
local deadline, is_batch, pace_ms

function init(args)
  local opt = {}
  for _, arg in ipairs(args) do
    local k, v = arg:match("^([%w_]+)=(.*)$")
    if k then opt[k] = v end
  end
  window = tonumber(opt.window or "10")
  pace_ms = tonumber(opt.pace_ms or "0")
  is_batch = opt.mode == "batch"

  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  local apps = {}
  for slug in string.gmatch(opt.apps or (opt.app or ""), "[^,]+") do
    apps[#apps + 1] = slug
  end
  if is_batch then
    local bodies = {}
    for k, slug in ipairs(apps) do
      bodies[k] = batch_body(slug, tonumber(opt.items or "1000"),
                             tonumber(opt.failure_every or "10"))
    end
    wrk.body = bodies[1]
    if #bodies > 1 then
      local turn = 0
      request = function()
        turn = turn % #bodies + 1
        return wrk.format(nil, nil, nil, bodies[turn])
      end
    end
  else
    wrk.body = opt.body or '{"latency_ms":12,"message":"ok"}'
    if opt.apps then
      local requests = {}
      for k, slug in ipairs(apps) do
        requests[k] = wrk.format(nil, "/api/v1/applications/" .. slug .. "/hits")
      end
      local turn = 0
      request = function()
        turn = turn % #requests + 1
        return requests[turn]
      end
    end
  end

  sent, n2xx, non2xx, accepted = 0, 0, 0, 0
  statuses = {}  -- status code (as a string) -> count
  started, stopped = 0, 0
end

-- Called before each request is written: 0 = send it now.
function delay()
  local t = now()
  if deadline == nil then
    started = t
    deadline = t + window
  end
  if t >= deadline then
    if stopped == 0 then stopped = t end
    return IDLE_MS
  end
  sent = sent + 1
  return pace_ms
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status >= 200 and status < 300 then
    n2xx = n2xx + 1
    if is_batch then
      local n = body:match('"accepted"%s*:%s*(%d+)')
      accepted = accepted + (tonumber(n) or 0)
    else
      accepted = accepted + 1
    end
  else
    non2xx = non2xx + 1
  end
end

local function json_object(t)
  local parts = {}
  for k, v in pairs(t) do
    parts[#parts + 1] = string.format('"%s":%d', k, v)
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local total = { sent = 0, n2xx = 0, non2xx = 0, accepted = 0 }
  local codes = {}
  local first, last, window = nil, nil, 0
  for _, thread in ipairs(threads) do
    window = thread:get("window")
    for k in pairs(total) do
      total[k] = total[k] + thread:get(k)
    end
    for code, n in pairs(thread:get("statuses")) do
      codes[code] = (codes[code] or 0) + n
    end
    local s, e = thread:get("started"), thread:get("stopped")
    if s > 0 and (first == nil or s < first) then first = s end
    if e > 0 and (last == nil or e > last) then last = e end
  end
  local answered = total.n2xx + total.non2xx
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"sent":%d,"answered":%d,"unanswered":%d,"n2xx":%d,"non2xx":%d,' ..
    '"accepted":%d,"statuses":%s,"window_s":%.6f,"sending_s":%.6f,' ..
    '"wrk_requests":%d,"wrk_runtime_s":%.6f,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    total.sent, answered, total.sent - answered, total.n2xx, total.non2xx,
    total.accepted, json_object(codes), window,
    (first and last) and (last - first) or 0,
    summary.requests, summary.duration / 1e6,
    errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
